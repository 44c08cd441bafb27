// The Raspberry Pi Pico under rp2040js (an RP2040 emulator from npm): boots
// a firmware and connects the chip's UARTs to file descriptors the caller
// opened (tools/pico_board.py gives it the masters of two ptys).
//
//   node tools/pico_runner.mjs --rp2040js DIR --bootrom FILE --firmware FILE.bin
//       [--uart0 FD] [--uart1 FD]
//
// DIR is the rp2040js package (its dist/esm), FILE the RP2040's B1 boot
// ROM, which rp2040js needs and does not ship.
//
// Two things of rp2040js's are replaced, so that the firmware meets what a
// real chip does:
// - the UARTs: rp2040js hands every byte to the firmware at once and raises
//   the transmit interrupt whenever interrupts are checked (a firmware that
//   unmasks it never leaves its handler). Here each UART is a PL011 as the
//   RP2040 has it: 32-byte FIFOs; a byte arrives from the line every
//   character time (start, data, parity and stop bits at the baud rate the
//   firmware set) whether or not the firmware reads, and one that finds the
//   receive FIFO full is lost (an overrun, counted); bytes leave at the same
//   rate; the receive, receive-timeout and transmit interrupts at the FIFO
//   levels the firmware chose.
// - the clock: rp2040js jumps its clock to the next timer while the CPU
//   sleeps, so a firmware waiting for a peer on this machine would time out
//   before the peer could answer. Here the chip's time runs at the RP2040's
//   125 MHz while it runs instructions (however long the emulator takes for
//   them), and while it sleeps, as fast as the wall clock: a wait lasts as
//   long as the peers on this machine take, and the work between waits as
//   long as it would on the chip.
//
// On exit (SIGTERM) it prints to stderr what each UART carried and lost.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
  args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
}
const esm = path.join(path.resolve(args.rp2040js), 'dist', 'esm');
const { RP2040 } = await import(path.join(esm, 'index.js'));
const { SimulationClock } = await import(path.join(esm, 'clock', 'simulation-clock.js'));

// PL011 registers and bits.
const DR = 0x0, RSR = 0x4, FR = 0x18, IBRD = 0x24, FBRD = 0x28, LCR_H = 0x2c, CR = 0x30;
const IFLS = 0x34, IMSC = 0x38, RIS = 0x3c, MIS = 0x40, ICR = 0x44;
const FR_TXFE = 1 << 7, FR_RXFF = 1 << 6, FR_TXFF = 1 << 5, FR_RXFE = 1 << 4, FR_BUSY = 1 << 3;
const INT_OE = 1 << 10, INT_RT = 1 << 6, INT_TX = 1 << 5, INT_RX = 1 << 4;
const DR_OE = 1 << 11;
const FIFO_DEPTH = 32;
const LEVELS = [4, 8, 16, 24, 28]; // IFLS: 1/8, 1/4, 1/2, 3/4, 7/8 of 32

// A PL011 taking over rp2040js's UART object: its register reads and writes
// and its byte callbacks. line.write(byte) sends to the other end.
class Uart {
  constructor(mcu, clock, base, irq, line) {
    this.mcu = mcu;
    this.clock = clock;
    this.irq = irq;
    this.line = line;
    this.rx = []; // the receive FIFO: [byte, overrun flag]
    this.tx = []; // the transmit FIFO
    this.wire = []; // bytes on their way from the other end
    this.ris = 0;
    this.imsc = 0;
    this.ifls = 0x12; // the reset value: both at 1/2
    this.lcr = 0;
    this.cr = 0x300;
    this.ibrd = 0;
    this.fbrd = 0;
    this.overrun = false;
    this.counts = { in: 0, out: 0, lost: 0 };
    this.rxAlarm = clock.createAlarm(() => this.arrive());
    this.txAlarm = clock.createAlarm(() => this.depart());
    this.rtAlarm = clock.createAlarm(() => this.idle());
    base.readUint32 = (offset) => this.read(offset);
    base.writeUint32 = (offset, value) => this.write(offset, value);
    base.checkInterrupts = () => this.update();
    base.feedByte = (value) => this.receive([value]);
  }

  // Nanoseconds a character takes on the line: start bit, data bits,
  // parity, stop bits (LCR_H), at the rate the divisors give.
  get charNanos() {
    const divisor = this.ibrd + this.fbrd / 64;
    const baud = divisor ? this.mcu.clkPeri / (16 * divisor) : 115200;
    const bits = 1 + (((this.lcr >> 5) & 3) + 5) + ((this.lcr >> 1) & 1) + ((this.lcr >> 3) & 1 ? 2 : 1);
    return (bits * 1e9) / baud;
  }

  get rxLevel() {
    return LEVELS[(this.ifls >> 3) & 7] || 16;
  }

  get txLevel() {
    return LEVELS[this.ifls & 7] || 16;
  }

  update() {
    this.mcu.setInterrupt(this.irq, (this.ris & this.imsc) !== 0);
  }

  // Bytes from the other end: they cross the line one character time each.
  receive(bytes) {
    for (const b of bytes) {
      this.wire.push(b);
    }
    if (!this.rxAlarm.scheduled && this.wire.length) {
      this.rxAlarm.schedule(this.charNanos);
    }
  }

  arrive() {
    this.rxAlarm.scheduled = false;
    const byte = this.wire.shift();
    if (byte === undefined) {
      return;
    }
    this.counts.in++;
    if (!(this.cr & 1) || !(this.cr & (1 << 9))) {
      this.counts.lost++; // the receiver is off
    } else if (this.rx.length >= FIFO_DEPTH) {
      this.counts.lost++; // overrun: the FIFO is full, the byte is lost
      this.overrun = true;
      this.ris |= INT_OE;
    } else {
      this.rx.push([byte, this.overrun]);
      this.overrun = false;
      if (this.rx.length >= this.rxLevel) {
        this.ris |= INT_RX;
      }
      // The receive timeout: 32 bit times without a new character.
      this.rtAlarm.schedule((this.charNanos * 32) / 10);
    }
    this.update();
    if (this.wire.length) {
      this.rxAlarm.schedule(this.charNanos);
    }
  }

  idle() {
    this.rtAlarm.scheduled = false;
    if (this.rx.length) {
      this.ris |= INT_RT;
      this.update();
    }
  }

  // The receive timeout counts again from a read or a cleared interrupt
  // while characters wait (a handler that takes one character per
  // interrupt, as the UART REPL's, is called again for the next).
  rearm() {
    if (this.rx.length && !(this.ris & INT_RT)) {
      this.rtAlarm.schedule((this.charNanos * 32) / 10);
    }
  }

  depart() {
    this.txAlarm.scheduled = false;
    const before = this.tx.length;
    const byte = this.tx.shift();
    if (byte === undefined) {
      return;
    }
    this.counts.out++;
    this.line.write(byte);
    // The transmit interrupt: on passing down through the level.
    if (before > this.txLevel && this.tx.length <= this.txLevel) {
      this.ris |= INT_TX;
      this.update();
    }
    if (this.tx.length) {
      this.txAlarm.schedule(this.charNanos);
    }
  }

  read(offset) {
    switch (offset) {
      case DR: {
        const entry = this.rx.shift();
        if (!entry) {
          return 0;
        }
        if (this.rx.length < this.rxLevel) {
          this.ris &= ~INT_RX;
        }
        if (!this.rx.length) {
          this.ris &= ~INT_RT;
        }
        this.rearm();
        this.update();
        return entry[0] | (entry[1] ? DR_OE : 0);
      }
      case RSR:
        return 0;
      case FR:
        return (
          (this.rx.length ? 0 : FR_RXFE) |
          (this.rx.length >= FIFO_DEPTH ? FR_RXFF : 0) |
          (this.tx.length ? FR_BUSY : FR_TXFE) |
          (this.tx.length >= FIFO_DEPTH ? FR_TXFF : 0)
        );
      case IBRD:
        return this.ibrd;
      case FBRD:
        return this.fbrd;
      case LCR_H:
        return this.lcr;
      case CR:
        return this.cr;
      case IFLS:
        return this.ifls;
      case IMSC:
        return this.imsc;
      case RIS:
        return this.ris;
      case MIS:
        return this.ris & this.imsc;
      default:
        // The peripheral and PrimeCell ids.
        return [0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1][(offset - 0xfe0) >> 2] || 0;
    }
  }

  write(offset, value) {
    switch (offset) {
      case DR:
        if (this.tx.length < FIFO_DEPTH) {
          this.tx.push(value & 0xff);
          if (this.tx.length > this.txLevel) {
            this.ris &= ~INT_TX;
          }
          if (!this.txAlarm.scheduled) {
            this.txAlarm.schedule(this.charNanos);
          }
          this.update();
        }
        break;
      case RSR:
        this.overrun = false;
        break;
      case IBRD:
        this.ibrd = value & 0xffff;
        break;
      case FBRD:
        this.fbrd = value & 0x3f;
        break;
      case LCR_H:
        this.lcr = value & 0xff;
        break;
      case CR:
        this.cr = value & 0xffff;
        break;
      case IFLS:
        this.ifls = value & 0x3f;
        this.update();
        break;
      case IMSC:
        this.imsc = value & 0x7ff;
        this.update();
        break;
      case ICR:
        this.ris &= ~value;
        this.rearm();
        this.update();
        break;
    }
  }
}

// A UART's other end: a file descriptor (a pty master), read as bytes come.
function line(fd) {
  if (fd === undefined) {
    return { write() {}, onData() {} };
  }
  const out = fs.createWriteStream(null, { fd: Number(fd), autoClose: false });
  const input = fs.createReadStream(null, { fd: Number(fd), autoClose: false });
  const pending = [];
  let flushing = false;
  return {
    write(byte) {
      pending.push(byte);
      if (!flushing) {
        flushing = true;
        setImmediate(() => {
          flushing = false;
          out.write(Buffer.from(pending.splice(0)));
        });
      }
    },
    onData(callback) {
      input.on('data', (chunk) => callback(chunk));
      input.on('error', () => {});
    },
  };
}

const clock = new SimulationClock();
const mcu = new RP2040(clock);
// Quiet: rp2040js reports every register it does not emulate (the XIP cache
// controls, clock and voltage settings the firmware writes at start-up).
const quiet = () => {};
mcu.logger = { debug: quiet, info: quiet, warn: quiet, error: quiet };
mcu.loadBootrom(new Uint32Array(new Uint8Array(fs.readFileSync(args.bootrom)).buffer));
mcu.flash.set(fs.readFileSync(args.firmware)); // a .bin, from the start of flash
// Start where the boot ROM would jump once it found a valid second stage
// in flash: the image's start (rp2040js does not emulate the ROM's check).
mcu.core.PC = 0x10000000;
const uarts = [0, 1].map((i) => {
  const end = line(args['uart' + i]);
  const uart = new Uart(mcu, clock, mcu.uart[i], i === 0 ? 20 : 21, end);
  end.onData((chunk) => uart.receive(chunk));
  return uart;
});

// Run the chip: its time advances by each instruction's cycles, and while
// it sleeps, no faster than the wall clock since it fell asleep.
const cycleNanos = 1e9 / 125e6;
const wallStart = performance.now();
let busyNanos = 0; // the chip's time spent running instructions
let asleepWall = null; // when (wall) it fell asleep, and its time then
let asleepChip = 0;
// --profile FILE: where the chip runs, a sample every 97 instructions,
// written at exit as "count address" lines (tools/pico_profile.py names
// them).
const profile = args.profile ? new Map() : null;
let profileCount = 0;
function run() {
  const sliceEnd = performance.now() + 10;
  for (;;) {
    for (let i = 0; i < 20000; i++) {
      if (mcu.core.waiting) {
        const now = performance.now();
        if (asleepWall === null) {
          asleepWall = now;
          asleepChip = clock.nanos;
        }
        const ahead = asleepChip + (now - asleepWall) * 1e6 - clock.nanos;
        const next = clock.nextAlarm ? clock.nanosToNextAlarm : Infinity;
        if (ahead <= 0) {
          // Asleep, as long as the wall clock has gone: let the other ends
          // talk meanwhile.
          setTimeout(run, 1);
          return;
        }
        clock.tick(Math.min(next, ahead));
      } else {
        asleepWall = null;
        if (profile && ++profileCount % 97 === 0) {
          const pc = mcu.core.PC;
          profile.set(pc, (profile.get(pc) || 0) + 1);
        }
        const nanos = mcu.core.executeInstruction() * cycleNanos;
        busyNanos += nanos;
        clock.tick(nanos);
      }
    }
    if (performance.now() >= sliceEnd) {
      break;
    }
  }
  setImmediate(run);
}

function report() {
  const words = uarts.map((u, i) => `uart${i} in ${u.counts.in} out ${u.counts.out} lost ${u.counts.lost}`);
  const times = `chip time ${Math.round(clock.nanos / 1e6)} ms, ${Math.round(busyNanos / 1e6)} ms of it running`;
  const wall = `wall ${Math.round(performance.now() - wallStart)} ms`;
  process.stderr.write(`pico_runner: ${words.join(', ')}; ${times}; ${wall}\n`);
  if (profile) {
    const rows = [...profile.entries()].sort((a, b) => b[1] - a[1]);
    fs.writeFileSync(args.profile, rows.map(([pc, n]) => `${n} ${pc.toString(16)}`).join('\n') + '\n');
  }
}
process.on('SIGTERM', () => {
  report();
  process.exit(0);
});
process.on('SIGUSR1', report);
run();
