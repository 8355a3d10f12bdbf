/**
 * Paged KV cache of one replica, in blocks of 16 tokens, with an optional prefix cache: prompt
 * blocks keyed by the workload's block hashes, shared by reference, kept after their last user as
 * evictable until the space is needed. Prefix entries cover at least `PREFIX_ENTRY_TOKENS` tokens
 * (a whole number of the workload's blocks, keyed by the last block's hash, which identifies the
 * whole prefix): hits are found to that granularity. Unreferenced entries are reclaimed by a clock
 * sweep (second chance), an approximation of least-recently-used that keeps the bookkeeping cheap
 * enough to simulate millions of requests.
 * @module
 */
import { internalError } from "../errors.js";
import { kvBytesForContext, KV_BLOCK_TOKENS } from "../perf/memory-plan.js";
import type { Shard } from "../perf/shard.js";
import type { Seq } from "./sequence.js";

/**
 * Smallest prefix-cache entry, tokens. vLLM matches prefixes per 16-token block; matching per
 * ≥ 128 tokens keeps the bookkeeping cheap enough for millions of requests, at a price: the tail of
 * a shared prefix past its last whole entry (up to 127 tokens) is recomputed, so the reported
 * prefix hit rate is lower than vLLM's would be on the same workload.
 */
export const PREFIX_ENTRY_TOKENS = 128;

/**
 * Shared by the caches of one simulation: Σ over them of blocks in use by live sequences and
 * referenced entries ÷ capacity, kept current by every change (for time-weighted KV utilisation).
 */
export interface KvLoad {
  sum: number;
}

export class KvCache {
  /** Total blocks. */
  readonly capacity: number;
  /** Longest context one sequence can hold in the empty cache, tokens (Infinity when unbounded). */
  readonly maxTokens: number;
  /** Blocks held by sequences and prefix entries (evictable ones included). */
  used = 0;
  /** Blocks held by entries nobody references (reclaimable). */
  evictable = 0;
  readonly prefixEnabled: boolean;
  /** Tokens per prefix entry (a whole number of the workload's blocks). */
  readonly prefixTokens: number;
  readonly entryBlocks: number;
  readonly #stride: number;
  /** hash → slot; slots hold the entry's hash, reference count and second-chance bit. */
  readonly #slot = new Map<number, number>();
  #hash = new Float64Array(1024);
  #refs = new Int32Array(1024);
  #recent = new Uint8Array(1024);
  #slots = 0;
  readonly #free: number[] = [];
  #hand = 0;
  /** Bumped whenever an entry appears or disappears: memoised hit counts stay valid until then. */
  #version = 0;
  readonly #blockBytes: number;
  readonly #shard: Shard;
  readonly #windowed: boolean;
  readonly #load: KvLoad | undefined;

  constructor(shard: Shard, poolBytes: number, opts: { prefix: boolean; prefixTokens: number; load?: KvLoad | undefined }) {
    this.#shard = shard;
    this.#blockBytes = kvBytesForContext(shard, KV_BLOCK_TOKENS);
    this.#windowed = shard.layers.some((g) => g.window !== null);
    this.capacity = this.#blockBytes > 0 ? Math.floor(poolBytes / this.#blockBytes) : Number.MAX_SAFE_INTEGER;
    this.prefixEnabled = opts.prefix;
    const block = Math.max(1, opts.prefixTokens);
    this.#stride = Math.max(1, Math.ceil(PREFIX_ENTRY_TOKENS / block));
    this.prefixTokens = block * this.#stride;
    this.entryBlocks = Math.ceil(this.prefixTokens / KV_BLOCK_TOKENS);
    this.#load = opts.load;
    this.maxTokens = this.#longestContext();
  }

  /** The largest token count whose blocks fit the capacity (blocksFor is non-decreasing). */
  #longestContext(): number {
    if (this.#blockBytes <= 0) return Infinity; // no KV at all
    if (!this.#windowed) return this.capacity * KV_BLOCK_TOKENS;
    // Windowed layers stop growing at their window: double until the blocks overflow, then bisect.
    let lo = 0;
    let hi = KV_BLOCK_TOKENS;
    while (this.blocksFor(hi) <= this.capacity) {
      lo = hi;
      if (hi > Number.MAX_SAFE_INTEGER / 2) return Infinity; // only windowed layers: any length fits
      hi *= 2;
    }
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.blocksFor(mid) <= this.capacity) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /** Live blocks (used − evictable) changed by `delta`: keep the shared load current. */
  #moved(delta: number) {
    if (this.#load && this.capacity > 0) this.#load.sum += delta / this.capacity;
  }

  /** Blocks that hold `tokens` of context (windowed layers hold at most their window). */
  blocksFor(tokens: number): number {
    if (tokens <= 0) return 0;
    if (!this.#windowed) return Math.ceil(tokens / KV_BLOCK_TOKENS);
    return Math.ceil(kvBytesForContext(this.#shard, tokens) / this.#blockBytes);
  }

  /** Free blocks now, evictable entries included. */
  get available(): number {
    return this.capacity - this.used + this.evictable;
  }

  /** Hash keying entry `i` of a prompt: its last workload block's hash. */
  #key(seq: Seq, i: number): number | undefined {
    return seq.spec.blocks?.[(i + 1) * this.#stride - 1];
  }

  /** Leading prefix entries of `seq` present in the cache (memoised until the cache changes). */
  #hitEntries(seq: Seq): number {
    if (!this.prefixEnabled || !seq.spec.blocks) return 0;
    if (seq.hitVersion === this.#version) return seq.hitSlots.length;
    const full = Math.floor((seq.spec.input - 1) / this.prefixTokens); // keep ≥ 1 token to compute
    const slots: number[] = [];
    while (slots.length < full) {
      const h = this.#key(seq, slots.length);
      const slot = h === undefined ? undefined : this.#slot.get(h);
      if (slot === undefined) break;
      slots.push(slot);
    }
    seq.hitVersion = this.#version;
    seq.hitSlots = slots;
    return slots.length;
  }

  /** Hit entries nobody holds now: admitting takes them off the reclaimable list. */
  #cold(seq: Seq): number {
    let c = 0;
    for (const slot of seq.hitSlots) if (this.#refs[slot] === 0) c++;
    return c;
  }

  /** Prompt tokens a waiting sequence would get from the cache. */
  hits(seq: Seq): number {
    return this.#hitEntries(seq) * this.prefixTokens;
  }

  /**
   * Blocks a waiting sequence takes from `available` to hold `tokens` of context: its own blocks
   * beyond the shared entries, plus the shared entries nobody else holds (they stop being reclaimable).
   */
  admission(seq: Seq, tokens: number): number {
    const shared = this.#hitEntries(seq);
    return Math.max(0, this.blocksFor(Math.max(tokens, shared * this.prefixTokens)) - shared * this.entryBlocks) + this.#cold(seq) * this.entryBlocks;
  }

  /** Blocks a running sequence needs to grow by `tokens`. */
  growth(seq: Seq, tokens: number): number {
    return Math.max(0, this.blocksFor(seq.context + tokens) - seq.entries.length * this.entryBlocks - seq.blocks);
  }

  #grow() {
    const n = this.#hash.length * 2;
    const h = new Float64Array(n);
    h.set(this.#hash);
    const r = new Int32Array(n);
    r.set(this.#refs);
    const c = new Uint8Array(n);
    c.set(this.#recent);
    this.#hash = h;
    this.#refs = r;
    this.#recent = c;
  }

  /** Reclaim unreferenced entries (clock sweep with a second chance) until `blocks` are free. */
  #take(blocks: number) {
    let guard = 2 * this.#slots + 2;
    while (this.capacity - this.used < blocks && this.evictable > 0 && guard-- > 0) {
      const s = this.#hand;
      this.#hand = (this.#hand + 1) % Math.max(1, this.#slots);
      if (this.#refs[s]! !== 0) continue;
      if (this.#recent[s]) {
        this.#recent[s] = 0;
        continue;
      }
      this.#slot.delete(this.#hash[s]!);
      this.#refs[s] = -1; // free slot
      this.#free.push(s);
      this.used -= this.entryBlocks;
      this.evictable -= this.entryBlocks;
      this.#version++;
    }
    if (this.capacity - this.used < blocks) throw internalError(`KV over capacity: need ${blocks} blocks, ${this.capacity - this.used} free of ${this.capacity}`);
    this.used += blocks;
    this.#moved(blocks);
  }

  #ref(slot: number) {
    if (this.#refs[slot] === 0) {
      this.evictable -= this.entryBlocks;
      this.#moved(this.entryBlocks);
    }
    this.#refs[slot]!++;
  }

  /** Admit a waiting sequence: attach its prefix hits. Returns the cached prompt tokens. */
  admit(seq: Seq): number {
    const n = this.#hitEntries(seq);
    for (const slot of seq.hitSlots) {
      this.#ref(slot);
      seq.entries.push(slot);
    }
    return n * this.prefixTokens;
  }

  /** Grow a sequence's own blocks to hold its context plus `tokens`. */
  grow(seq: Seq, tokens: number): void {
    const g = this.growth(seq, tokens);
    if (g > 0) {
      this.#take(g);
      seq.blocks += g;
    }
  }

  /** After its prompt is computed: turn the sequence's full prompt blocks into shared entries. */
  publishPrefix(seq: Seq): void {
    if (!this.prefixEnabled || !seq.spec.blocks) return;
    const full = Math.floor(seq.spec.input / this.prefixTokens);
    for (let i = seq.entries.length; i < full; i++) {
      const h = this.#key(seq, i);
      if (h === undefined || seq.blocks < this.entryBlocks) break;
      seq.blocks -= this.entryBlocks;
      let slot = this.#slot.get(h);
      if (slot !== undefined) {
        // Someone computed it meanwhile: share theirs, free ours.
        this.#ref(slot);
        this.used -= this.entryBlocks;
        this.#moved(-this.entryBlocks);
      } else {
        slot = this.#free.pop() ?? this.#slots++;
        if (slot >= this.#hash.length) this.#grow();
        this.#hash[slot] = h;
        this.#refs[slot] = 1;
        this.#slot.set(h, slot);
        this.#version++;
      }
      seq.entries.push(slot);
    }
  }

  /** Free a sequence's blocks; its entries become evictable when unreferenced. */
  release(seq: Seq): void {
    this.releaseParts(seq.blocks, seq.entries);
    seq.blocks = 0;
    seq.entries = [];
  }

  /** Free blocks and entry references detached from a sequence (KV handed to another pool). */
  releaseParts(blocks: number, entries: readonly number[]): void {
    this.used -= blocks;
    let freed = blocks;
    for (const slot of entries) {
      if (--this.#refs[slot]! === 0) {
        this.evictable += this.entryBlocks;
        this.#recent[slot] = 1;
        freed += this.entryBlocks;
      }
    }
    if (this.used < 0) throw internalError(`KV accounting went negative (${this.used})`);
    this.#moved(-freed);
  }

  /** Fraction of capacity in use by live sequences and referenced entries. */
  get utilisation(): number {
    return this.capacity > 0 ? (this.used - this.evictable) / this.capacity : 0;
  }
}
