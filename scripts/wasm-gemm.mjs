// WebAssembly text for the packed SIMD matmul (GotoBLAS's loop order, XNNPACK-style splat
// microkernels), generated per element type and tile size. Used by build-wasm.mjs.
//
// C[b] = A[b] @ B[b], row-major A [M,K], B [K,N], C [M,N]. For each batch element, over columns
// [j0, j1) in chunks of NC and k in chunks of KC, a KC x NC block of B is packed into NR-column
// panels ([panel][k][NR], contiguous, zero-padded past the last column: one stream instead of a
// column walk that strides a page a step). Rows [i0, i1) go in chunks of MC, each panel sweeping
// the chunk's MR-row tiles, so a panel stays in L1 while A's rows come from L2. A tile keeps MR x NR
// of C in registers over one KC chunk, reading A's rows where they are with one splat load per row
// (packing A as well measured 0-20% slower: its transposing copy costs more than it saves). Every C
// element is 0 + a0*b0 + a1*b1 + ... in k order, each product and sum rounded to the type: a later
// KC chunk reloads the partial sums it stored, so chunking, packing and threading never change a
// bit, and the JS kernel agrees. With `fma` (relaxed SIMD) each step is one relaxed_madd, rounded
// once, so its bits differ.
//
// Measured on a 2-core EPYC (Node 20, one thread, 512^2): f32 tiles 4x8 and 2x16 ~37-39 GFLOP/s,
// 5x8 / 6x8 / 3x12 ~21-25 (V8 spills past ~14 vector registers); f64 2x8 and 4x4 ~19, 3x6 / 2x10
// ~10; unrolling k by 2 or 4 cost 20%; KC 128-512, NC 128-512, MC 32-128 were within noise.

/** Tuning parameters: MR rows x NV vectors per tile; KC, NC, MC block sizes (elements). */
export const DEFAULTS = {
  f32: { MR: 4, NV: 2, KC: 256, NC: 256, MC: 64 },
  f64: { MR: 2, NV: 4, KC: 256, NC: 128, MC: 64 },
};

const I = (n) => `(i32.const ${n})`;
const get = (v) => `(local.get $${v})`;
const set = (v, e) => `(local.set $${v} ${e})`;
const add = (a, b) => `(i32.add ${a} ${b})`;
const mul = (a, b) => `(i32.mul ${a} ${b})`;
/** for (v = from; v < to; v += step) body */
const forLoop = (v, from, to, step, body, tag) =>
  `${set(v, from)} (block $${tag}_d (loop $${tag}_l (br_if $${tag}_d (i32.ge_s ${get(v)} ${to})) ${body} ${set(v, add(get(v), step))} (br $${tag}_l)))`;
const min = (a, b) => `(select ${a} ${b} (i32.lt_s ${a} ${b}))`;

export function gemm(t, { MR, NV, KC, NC, MC }, fma = false, suffix = '') {
  const lanes = t === 'f32' ? 4 : 2, es = t === 'f32' ? 4 : 8, vt = `${t}x${lanes}`;
  const NR = NV * lanes;
  const splat = t === 'f32' ? 'v128.load32_splat' : 'v128.load64_splat';
  const madd = (acc, a, b) => (fma ? `(${vt}.relaxed_madd ${a} ${b} ${acc})` : `(${vt}.add ${acc} (${vt}.mul ${a} ${b}))`);
  const name = (s) => `$${s}_${t}${suffix}`;

  // tile kernel: `rows` x NR tile over kc steps; A's row r at pa + r * lda, B's panel at pb; C
  // tile at pc with row stride ldc (bytes); load: start from the sums in C (a later KC chunk)
  const tile = (rows, fname) => {
    const decl = [];
    const rowPtr = (r) => (r > 0 ? `pr${r}` : 'pa');
    for (let r = 1; r < rows; r++) decl.push(`(local $pr${r} i32)`);
    for (let r = 0; r < rows; r++) for (let v = 0; v < NV; v++) decl.push(`(local $c${r}_${v} v128)`);
    for (let v = 0; v < NV; v++) decl.push(`(local $b${v} v128)`);
    const cAddr = (op, r, v) => `(v128.${op} offset=${v * 16} ${add(get('pc'), mul(I(r), get('ldc')))}`;
    const init = [];
    for (let r = 1; r < rows; r++) init.push(set(`pr${r}`, add(get('pa'), mul(I(r), get('lda')))));
    for (let r = 0; r < rows; r++)
      for (let v = 0; v < NV; v++) init.push(set(`c${r}_${v}`, `(if (result v128) ${get('load')} (then ${cAddr('load', r, v)})) (else (v128.const i64x2 0 0)))`));
    const step = [];
    for (let v = 0; v < NV; v++) step.push(set(`b${v}`, `(v128.load offset=${v * 16} ${get('pb')})`));
    for (let r = 0; r < rows; r++) {
      step.push(set('av', `(${splat} ${get(rowPtr(r))})`));
      for (let v = 0; v < NV; v++) step.push(set(`c${r}_${v}`, madd(get(`c${r}_${v}`), get('av'), get(`b${v}`))));
    }
    for (let r = 0; r < rows; r++) step.push(set(rowPtr(r), add(get(rowPtr(r)), I(es))));
    step.push(set('pb', add(get('pb'), I(NR * es))), set('kc', `(i32.sub ${get('kc')} ${I(1)})`));
    const store = [];
    for (let r = 0; r < rows; r++) for (let v = 0; v < NV; v++) store.push(`${cAddr('store', r, v)} ${get(`c${r}_${v}`)})`);
    return `
  (func ${fname} (param $pa i32) (param $lda i32) (param $pb i32) (param $kc i32) (param $pc i32) (param $ldc i32) (param $load i32)
    (local $av v128) ${decl.join(' ')}
    ${init.join('\n    ')}
    (block $kd (loop $k (br_if $kd (i32.le_s ${get('kc')} ${I(0)})) ${step.join(' ')} (br $k)))
    ${store.join('\n    ')})`;
  };

  // B[k0.., jc..] (row stride ldb bytes) -> panels [p][k][NR], columns past nc zero
  const packB = `
  (func ${name('packB')} (param $src i32) (param $ldb i32) (param $kc i32) (param $nc i32) (param $dst i32)
    (local $p i32) (local $k i32) (local $l i32) (local $s i32)
    (block $pd (loop $pl (br_if $pd (i32.gt_s (i32.add ${get('p')} ${I(NR)}) ${get('nc')}))
      ${set('s', add(get('src'), mul(get('p'), I(es))))}
      ${forLoop('k', I(0), get('kc'), I(1), [...Array(NV).keys()].map((v) => `(v128.store offset=${v * 16} ${get('dst')} (v128.load offset=${v * 16} ${get('s')}))`).join(' ') + ` ${set('s', add(get('s'), get('ldb')))} ${set('dst', add(get('dst'), I(NR * es)))}`, 'pk')}
      ${set('p', add(get('p'), I(NR)))} (br $pl)))
    (if (i32.lt_s ${get('p')} ${get('nc')}) (then
      ${set('s', add(get('src'), mul(get('p'), I(es))))}
      ${forLoop(
        'k',
        I(0),
        get('kc'),
        I(1),
        `${[...Array(NV).keys()].map((v) => `(v128.store offset=${v * 16} ${get('dst')} (v128.const i64x2 0 0))`).join(' ')}
        ${forLoop('l', I(0), `(i32.sub ${get('nc')} ${get('p')})`, I(1), `(${t}.store ${add(get('dst'), mul(get('l'), I(es)))} (${t}.load ${add(get('s'), mul(get('l'), I(es)))}))`, 'pl2')}
        ${set('s', add(get('s'), get('ldb')))} ${set('dst', add(get('dst'), I(NR * es)))}`,
        'pk2',
      )})))`;

  // copies a rows x cols tile between strides (bytes): C <-> the scratch tile of a partial panel
  const copy = `
  (func ${name('copyTile')} (param $src i32) (param $lds i32) (param $dst i32) (param $ldd i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $l i32)
    ${forLoop('r', I(0), get('rows'), I(1), forLoop('l', I(0), get('cols'), I(1), `(${t}.store ${add(add(get('dst'), mul(get('r'), get('ldd'))), mul(get('l'), I(es)))} (${t}.load ${add(add(get('src'), mul(get('r'), get('lds'))), mul(get('l'), I(es)))}))`, 'cl'), 'cr')})`;

  // one tile (rows `rows`, kernel `kern`, A at pa) into C at (row, col) with w valid columns
  const callTile = (kern, rows) => `
          (if (i32.eq ${get('w')} ${I(NR)})
            (then (call ${kern} ${get('pa')} ${mul(get('K'), I(es))} ${get('pb')} ${get('kc')} ${add(get('c'), mul(add(mul(get('row'), get('N')), get('col')), I(es)))} ${mul(get('N'), I(es))} ${get('load')}))
            (else
              (if ${get('load')} (then (call ${name('copyTile')} ${add(get('c'), mul(add(mul(get('row'), get('N')), get('col')), I(es)))} ${mul(get('N'), I(es))} ${get('scr')} ${I(NR * es)} ${I(rows)} ${get('w')})))
              (call ${kern} ${get('pa')} ${mul(get('K'), I(es))} ${get('pb')} ${get('kc')} ${get('scr')} ${I(NR * es)} ${get('load')})
              (call ${name('copyTile')} ${get('scr')} ${I(NR * es)} ${add(get('c'), mul(add(mul(get('row'), get('N')), get('col')), I(es)))} ${mul(get('N'), I(es))} ${I(rows)} ${get('w')})))`;

  const driver = `
  (func (export "gemm_${t}${suffix}") (param $a i32) (param $b i32) (param $c i32) (param $ws i32) (param $batch i32)
      (param $M i32) (param $K i32) (param $N i32) (param $i0 i32) (param $i1 i32) (param $j0 i32) (param $j1 i32)
    (local $bi i32) (local $jc i32) (local $nc i32) (local $pcK i32) (local $kc i32) (local $load i32) (local $ic i32) (local $mc i32)
    (local $mfull i32) (local $p i32) (local $col i32) (local $w i32) (local $rb i32) (local $row i32) (local $pa i32) (local $pb i32)
    (local $scr i32)
    ${set('scr', add(get('ws'), I(KC * (NC + NR) * es)))}
    ${forLoop(
      'bi',
      I(0),
      get('batch'),
      I(1),
      `${forLoop(
        'jc',
        get('j0'),
        get('j1'),
        I(NC),
        `${set('nc', min(I(NC), `(i32.sub ${get('j1')} ${get('jc')})`))}
        ${forLoop(
          'pcK',
          I(0),
          get('K'),
          I(KC),
          `${set('kc', min(I(KC), `(i32.sub ${get('K')} ${get('pcK')})`))} ${set('load', `(i32.ne ${get('pcK')} ${I(0)})`)}
          (call ${name('packB')} ${add(get('b'), mul(add(mul(get('pcK'), get('N')), get('jc')), I(es)))} ${mul(get('N'), I(es))} ${get('kc')} ${get('nc')} ${get('ws')})
          ${forLoop(
            'ic',
            get('i0'),
            get('i1'),
            I(MC),
            `${set('mc', min(I(MC), `(i32.sub ${get('i1')} ${get('ic')})`))} ${set('mfull', `(i32.sub ${get('mc')} (i32.rem_u ${get('mc')} ${I(MR)}))`)}
            ${forLoop(
              'p',
              I(0),
              get('nc'),
              I(NR),
              `${set('col', add(get('jc'), get('p')))} ${set('w', min(I(NR), `(i32.sub ${get('nc')} ${get('p')})`))}
              ${set('pb', add(get('ws'), mul(get('p'), mul(get('kc'), I(es)))))}
              ${forLoop('rb', I(0), get('mfull'), I(MR), `${set('row', add(get('ic'), get('rb')))} ${set('pa', add(get('a'), mul(add(mul(get('row'), get('K')), get('pcK')), I(es))))} ${callTile(name('tile'), MR)}`, 'rb')}
              ${forLoop('rb', get('mfull'), get('mc'), I(1), `${set('row', add(get('ic'), get('rb')))} ${set('pa', add(get('a'), mul(add(mul(get('row'), get('K')), get('pcK')), I(es))))} ${callTile(name('tile1'), 1)}`, 'r1')}`,
              'pp',
            )}`,
            'ic',
          )}`,
          'pc',
        )}`,
        'jc',
      )}
      ${set('a', add(get('a'), mul(mul(get('M'), get('K')), I(es))))} ${set('b', add(get('b'), mul(mul(get('K'), get('N')), I(es))))} ${set('c', add(get('c'), mul(mul(get('M'), get('N')), I(es))))}`,
      'bi',
    )})`;

  const workspace = (KC * (NC + NR) + MR * NR) * es;
  return {
    wat: [tile(MR, name('tile')), tile(1, name('tile1')), packB, copy, driver].join('\n'),
    workspace,
    NR,
  };
}
