# PINT as a MicroPython user C module for CMake-based ports:
#   make USER_C_MODULES=/path/to/this/repo/pint/micropython.cmake ...
# The port must also list network.PINT in MICROPY_PORT_NETWORK_INTERFACES;
# see docs/boards.md.
add_library(usermod_pint INTERFACE)

target_sources(usermod_pint INTERFACE
    ${CMAKE_CURRENT_LIST_DIR}/pint_nic.c
    ${CMAKE_CURRENT_LIST_DIR}/pint_socket.c
    ${CMAKE_CURRENT_LIST_DIR}/pint_handle.c
    ${CMAKE_CURRENT_LIST_DIR}/pint_wait.c
    ${CMAKE_CURRENT_LIST_DIR}/pint_call.c
    ${CMAKE_CURRENT_LIST_DIR}/pint_value.c
    ${CMAKE_CURRENT_LIST_DIR}/pint_parse.c
    ${CMAKE_CURRENT_LIST_DIR}/pint_fifo.c
)

target_include_directories(usermod_pint INTERFACE
    ${CMAKE_CURRENT_LIST_DIR}
)

target_link_libraries(usermod INTERFACE usermod_pint)
