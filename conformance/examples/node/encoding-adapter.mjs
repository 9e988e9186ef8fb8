#!/usr/bin/env node
// An adapter in another language: the encoding area of ain-ref, written from spec/encoding.md
// alone, speaking adapter protocol v2 (spec/conformance.md) on stdin and stdout.
// Version 2: hello answers "protocol": 2; a run request names its case by an opaque "case" id
// (never the vector); a rejection may carry "location" (here: the byte offset of the bad item).
// The runner starts the adapter in an empty working directory: use absolute paths.
//
// Run it through the same runner as the reference:
//   ain-ref conformance run --impl "node conformance/examples/node/encoding-adapter.mjs" --area encoding
//
// No dependencies: Node.js 18 or newer.

import { createInterface } from "node:readline";

const INTEGER_MIN = -(2n ** 63n);
const INTEGER_MAX = 2n ** 64n - 1n;
const MAX_NESTING_DEPTH = 64;
const MAX_ENCODED_SIZE = 1 << 20;
const WIDTH = { 24: 1, 25: 2, 26: 4, 27: 8 };
const SHORTEST_MINIMUM = { 24: 24n, 25: 256n, 26: 65536n, 27: 4294967296n };

class Rejection extends Error {
  constructor(code, location) {
    super(code);
    this.code = code;
    this.location = location;
  }
}

// --- decoding: the walk of spec/encoding.md [AIN-ENC-CANONICAL.1], checks in the listed order

function readHead(data, offset) {
  if (offset >= data.length) throw new Rejection("ENCODING_TRUNCATED", offset);
  const major = data[offset] >> 5;
  const info = data[offset] & 0x1f;
  if (info >= 28 && info <= 30) throw new Rejection("ENCODING_MALFORMED", offset);
  if (info === 31) {
    throw new Rejection(major >= 2 && major <= 5 ? "ENCODING_INDEFINITE_LENGTH" : "ENCODING_MALFORMED", offset);
  }
  if (major === 6) throw new Rejection("ENCODING_TAG_NOT_ALLOWED", offset);
  if (major === 7 && info >= 25 && info <= 27) throw new Rejection("ENCODING_FLOAT_NOT_ALLOWED", offset);
  const width = WIDTH[info] ?? 0;
  if (offset + 1 + width > data.length) throw new Rejection("ENCODING_TRUNCATED", offset);
  let argument = BigInt(info);
  if (width) {
    argument = 0n;
    for (let i = 0; i < width; i++) argument = (argument << 8n) | BigInt(data[offset + 1 + i]);
  }
  if (major === 7) {
    if (info === 24 && argument < 32n) throw new Rejection("ENCODING_MALFORMED", offset);
    if (info < 20 || info > 22) throw new Rejection("ENCODING_SIMPLE_NOT_ALLOWED", offset);
  }
  if (width && argument < SHORTEST_MINIMUM[info]) throw new Rejection("ENCODING_NON_SHORTEST_FORM", offset);
  if (major === 1 && -1n - argument < INTEGER_MIN) throw new Rejection("ENCODING_INTEGER_OUT_OF_RANGE", offset);
  return { major, info, argument, next: offset + 1 + width };
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function compareBytes(a, b) {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

// Returns [typedJsonValue, nextOffset].
function decodeItem(data, offset, depth) {
  const { major, info, argument, next } = readHead(data, offset);
  if (major === 0) return [{ int: argument.toString() }, next];
  if (major === 1) return [{ int: (-1n - argument).toString() }, next];
  if (major === 2 || major === 3) {
    if (BigInt(next) + argument > BigInt(data.length)) throw new Rejection("ENCODING_TRUNCATED", offset);
    const end = next + Number(argument);
    const content = data.subarray(next, end);
    if (major === 2) return [{ bytes: Buffer.from(content).toString("hex") }, end];
    try {
      return [utf8.decode(content), end];
    } catch {
      throw new Rejection("ENCODING_INVALID_UTF8", offset);
    }
  }
  if (major === 4 || major === 5) {
    if (depth + 1 > MAX_NESTING_DEPTH) throw new Rejection("ENCODING_TOO_DEEP", offset);
    let position = next;
    if (major === 4) {
      const items = [];
      for (let i = 0n; i < argument; i++) {
        const [item, after] = decodeItem(data, position, depth + 1);
        items.push(item);
        position = after;
      }
      return [items, position];
    }
    const entries = {};
    let previousKey = null;
    for (let i = 0n; i < argument; i++) {
      const keyStart = position;
      const [key, afterKey] = decodeItem(data, keyStart, depth + 1);
      const encodedKey = data.subarray(keyStart, afterKey);
      if (encodedKey[0] >> 5 !== 3) throw new Rejection("ENCODING_KEY_NOT_TEXT", keyStart);
      if (previousKey !== null) {
        const order = compareBytes(encodedKey, previousKey);
        if (order === 0) throw new Rejection("ENCODING_DUPLICATE_KEY", keyStart);
        if (order < 0) throw new Rejection("ENCODING_UNSORTED_KEYS", keyStart);
      }
      previousKey = encodedKey;
      const [value, afterValue] = decodeItem(data, afterKey, depth + 1);
      entries[key] = value;
      position = afterValue;
    }
    return [{ map: entries }, position];
  }
  return [[false, true, null][info - 20], next];
}

function decode(data) {
  if (data.length > MAX_ENCODED_SIZE) throw new Rejection("ENCODING_TOO_LARGE", 0);
  const [value, end] = decodeItem(data, 0, 0);
  if (end !== data.length) throw new Rejection("ENCODING_TRAILING_BYTES", end);
  return value;
}

// --- encoding [AIN-ENC-ENCODE.2]

function head(major, argument) {
  if (argument < 24n) return Buffer.from([(major << 5) | Number(argument)]);
  for (const info of [27, 26, 25, 24]) {
    if (argument >= SHORTEST_MINIMUM[info]) {
      const width = WIDTH[info];
      const bytes = Buffer.alloc(1 + width);
      bytes[0] = (major << 5) | info;
      let rest = argument;
      for (let i = width; i >= 1; i--) {
        bytes[i] = Number(rest & 0xffn);
        rest >>= 8n;
      }
      return bytes;
    }
  }
  throw new Error("unreachable");
}

function textItem(text) {
  // [AIN-ENC-TEXT.1] A JavaScript string may hold a lone surrogate; UTF-8 cannot encode it
  // (Buffer.from would silently write U+FFFD instead).
  if (!text.isWellFormed()) throw new Rejection("ENCODING_INVALID_UTF8");
  const bytes = Buffer.from(text, "utf-8");
  return Buffer.concat([head(3, BigInt(bytes.length)), bytes]);
}

// The walk of [AIN-ENC-ENCODE.2]: depth first; in a map every key before any value, then the
// values in ascending order of their encoded keys.
function encodeItem(value, depth) {
  if (value === null) return Buffer.from([0xf6]);
  if (value === true) return Buffer.from([0xf5]);
  if (value === false) return Buffer.from([0xf4]);
  if (typeof value === "string") return textItem(value);
  if (Array.isArray(value)) {
    if (depth + 1 > MAX_NESTING_DEPTH) throw new Rejection("ENCODING_TOO_DEEP");
    return Buffer.concat([head(4, BigInt(value.length)), ...value.map((item) => encodeItem(item, depth + 1))]);
  }
  if ("int" in value) {
    const number = BigInt(value.int);
    if (number < INTEGER_MIN || number > INTEGER_MAX) throw new Rejection("ENCODING_INTEGER_OUT_OF_RANGE");
    return number >= 0n ? head(0, number) : head(1, -1n - number);
  }
  if ("bytes" in value) {
    const bytes = Buffer.from(value.bytes, "hex");
    return Buffer.concat([head(2, BigInt(bytes.length)), bytes]);
  }
  if (depth + 1 > MAX_NESTING_DEPTH) throw new Rejection("ENCODING_TOO_DEEP");
  const keyed = Object.entries(value.map).map(([key, item]) => [textItem(key), item]);
  keyed.sort((a, b) => compareBytes(a[0], b[0]));
  const entries = keyed.map(([key, item]) => [key, encodeItem(item, depth + 1)]);
  return Buffer.concat([head(5, BigInt(entries.length)), ...entries.flat()]);
}

function encode(value) {
  const encoded = encodeItem(value, 0);
  if (encoded.length > MAX_ENCODED_SIZE) throw new Rejection("ENCODING_TOO_LARGE");
  return encoded;
}

// --- adapter protocol v2

function run(request) {
  const { seq, area, handler, input } = request;
  if (area !== "encoding") return { seq, skipped: "only the encoding area" };
  try {
    if (handler === "decode") {
      let data = Buffer.from(input.bytes, "hex");
      if (input.append_zero_bytes) data = Buffer.concat([data, Buffer.alloc(input.append_zero_bytes)]);
      return { seq, output: { value: decode(data) } };
    }
    if (handler === "encode") {
      let value = input.value;
      if (input.append_zero_bytes) {
        const bytes = Buffer.concat([Buffer.from(value.bytes, "hex"), Buffer.alloc(input.append_zero_bytes)]);
        value = { bytes: bytes.toString("hex") };
      }
      return { seq, output: { bytes: encode(value).toString("hex") } };
    }
    return { seq, skipped: `no handler ${handler}` };
  } catch (error) {
    if (error instanceof Rejection) {
      const response = { seq, rejected: error.code };
      if (Number.isInteger(error.location) && error.location >= 0) response.location = error.location;
      return response;
    }
    return { seq, errored: String(error && error.stack ? error.stack : error) };
  }
}

const lines = createInterface({ input: process.stdin, terminal: false });
for await (const line of lines) {
  if (!line.trim()) continue;
  const request = JSON.parse(line);
  if (request.cmd === "stop") break;
  let response;
  if (request.cmd === "hello") {
    response = {
      protocol: 2,
      implementation: { name: "ain-encoding-js", version: "0.1.0", language: "javascript" },
      areas: { encoding: ["decode", "encode"] },
    };
  } else if (request.cmd === "run") {
    response = run(request);
  } else {
    response = { seq: request.seq ?? 0, state: null };
  }
  process.stdout.write(JSON.stringify(response) + "\n");
}
process.exit(0);
