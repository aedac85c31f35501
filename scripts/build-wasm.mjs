// Builds lib/array/wasm/kernels.wasm from WebAssembly text generated here (SIMD matmul kernels),
// assembled by the `wabt` npm package. Run by `npm install` (prepare) and `npm test` (pretest); the
// library falls back to its JS kernels when the file is absent.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';


/**
 * C[b] = A[b] @ B[b] for row-major A [M,K], B [K,N], C [M,N], `batch` times, in register tiles of
 * MR rows x NV vectors: 4x8 for f32, 2x8 for f64 (a 4x8 f64 tile needs 21 vector registers, more
 * than x64's 16, and measured ~20% slower than 2x8). Every C element is
 * 0 + a0*b0 + a1*b1 + ... in k order, each product and sum rounded to the type (f32 or f64), so the
 * SIMD lanes, the scalar tails and the JS kernel all give the same bits.
 */
function matmul(t, MR, NV) {
  const lanes = t === 'f32' ? 4 : 2, es = t === 'f32' ? 4 : 8, vt = `${t}x${lanes}`;
  const NR = NV * lanes;
  const decl = [];
  for (let r = 0; r < MR; r++) for (let v = 0; v < NV; v++) decl.push(`(local $c${r}_${v} v128)`);
  for (let v = 0; v < NV; v++) decl.push(`(local $b${v} v128)`);
  for (let r = 0; r < MR; r++) decl.push(`(local $pa${r} i32)`);
  // a rows x NR tile at (i, j): accumulators in registers over the whole k loop
  const tile = (rows, tag) => {
    const micro = [];
    for (let r = 0; r < rows; r++) for (let v = 0; v < NV; v++) micro.push(`(local.set $c${r}_${v} (v128.const i64x2 0 0))`);
    for (let r = 0; r < rows; r++)
      micro.push(`(local.set $pa${r} (i32.add (local.get $a) (i32.mul (i32.mul (i32.add (local.get $i) (i32.const ${r})) (local.get $K)) (i32.const ${es}))))`);
    micro.push(`(local.set $pb (i32.add (local.get $b) (i32.mul (local.get $j) (i32.const ${es}))))`);
    micro.push(`(local.set $k (i32.const 0))`);
    const body = [];
    for (let v = 0; v < NV; v++) body.push(`(local.set $b${v} (v128.load offset=${v * 16} (local.get $pb)))`);
    for (let r = 0; r < rows; r++) {
      body.push(`(local.set $av (${vt}.splat (${t}.load (local.get $pa${r}))))`);
      for (let v = 0; v < NV; v++)
        body.push(`(local.set $c${r}_${v} (${vt}.add (local.get $c${r}_${v}) (${vt}.mul (local.get $av) (local.get $b${v}))))`);
      body.push(`(local.set $pa${r} (i32.add (local.get $pa${r}) (i32.const ${es})))`);
    }
    body.push(`(local.set $pb (i32.add (local.get $pb) (local.get $rowB)))`);
    body.push(`(local.set $k (i32.add (local.get $k) (i32.const 1)))`);
    micro.push(`(block $kd${tag} (loop $kl${tag} (br_if $kd${tag} (i32.ge_u (local.get $k) (local.get $K))) ${body.join(' ')} (br $kl${tag})))`);
    for (let r = 0; r < rows; r++)
      for (let v = 0; v < NV; v++)
        micro.push(`(v128.store offset=${v * 16} (i32.add (local.get $c) (i32.mul (i32.add (i32.mul (i32.add (local.get $i) (i32.const ${r})) (local.get $N)) (local.get $j)) (i32.const ${es}))) (local.get $c${r}_${v}))`);
    return micro.join('\n          ');
  };
  // one element, scalar, same rounding
  const scalar = `
    (local.set $s (${t}.const 0))
    (local.set $pa0 (i32.add (local.get $a) (i32.mul (i32.mul (local.get $i) (local.get $K)) (i32.const ${es}))))
    (local.set $pb (i32.add (local.get $b) (i32.mul (local.get $j) (i32.const ${es}))))
    (local.set $k (i32.const 0))
    (block $sd (loop $sl (br_if $sd (i32.ge_u (local.get $k) (local.get $K)))
      (local.set $s (${t}.add (local.get $s) (${t}.mul (${t}.load (local.get $pa0)) (${t}.load (local.get $pb)))))
      (local.set $pa0 (i32.add (local.get $pa0) (i32.const ${es})))
      (local.set $pb (i32.add (local.get $pb) (local.get $rowB)))
      (local.set $k (i32.add (local.get $k) (i32.const 1))) (br $sl)))
    (${t}.store (i32.add (local.get $c) (i32.mul (i32.add (i32.mul (local.get $i) (local.get $N)) (local.get $j)) (i32.const ${es}))) (local.get $s))`;
  return `
  (func (export "matmul_${t}") (param $a i32) (param $b i32) (param $c i32) (param $batch i32) (param $M i32) (param $K i32) (param $N i32)
    (local $i i32) (local $j i32) (local $k i32) (local $pb i32) (local $rowB i32) (local $av v128) (local $s ${t}) (local $bi i32)
    (local $iFull i32) (local $jFull i32)
    ${decl.join(' ')}
    (local.set $rowB (i32.mul (local.get $N) (i32.const ${es})))
    (local.set $iFull (i32.sub (local.get $M) (i32.rem_u (local.get $M) (i32.const ${MR}))))
    (local.set $jFull (i32.sub (local.get $N) (i32.rem_u (local.get $N) (i32.const ${NR}))))
    (block $bd (loop $bl (br_if $bd (i32.ge_u (local.get $bi) (local.get $batch)))
      ;; full MR x NR blocks
      (local.set $i (i32.const 0))
      (block $id (loop $il (br_if $id (i32.ge_u (local.get $i) (local.get $iFull)))
        (local.set $j (i32.const 0))
        (block $jd (loop $jl (br_if $jd (i32.ge_u (local.get $j) (local.get $jFull)))
          ${tile(MR, 'm')}
          (local.set $j (i32.add (local.get $j) (i32.const ${NR}))) (br $jl)))
        (local.set $i (i32.add (local.get $i) (i32.const ${MR}))) (br $il)))
      ;; rows past iFull (a row vector when M = 1): 1 x NR tiles, still SIMD
      (block $td (loop $tl (br_if $td (i32.ge_u (local.get $i) (local.get $M)))
        (local.set $j (i32.const 0))
        (block $ud (loop $ul (br_if $ud (i32.ge_u (local.get $j) (local.get $jFull)))
          ${tile(1, 'r')}
          (local.set $j (i32.add (local.get $j) (i32.const ${NR}))) (br $ul)))
        (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $tl)))
      ;; the rest, element by element: columns past jFull, every row
      (local.set $i (i32.const 0))
      (block $rd (loop $rl (br_if $rd (i32.ge_u (local.get $i) (local.get $M)))
        (local.set $j (local.get $jFull))
        (block $cd (loop $cl (br_if $cd (i32.ge_u (local.get $j) (local.get $N)))
          ${scalar}
          (local.set $j (i32.add (local.get $j) (i32.const 1))) (br $cl)))
        (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $rl)))
      (local.set $a (i32.add (local.get $a) (i32.mul (i32.mul (local.get $M) (local.get $K)) (i32.const ${es}))))
      (local.set $b (i32.add (local.get $b) (i32.mul (i32.mul (local.get $K) (local.get $N)) (i32.const ${es}))))
      (local.set $c (i32.add (local.get $c) (i32.mul (i32.mul (local.get $M) (local.get $N)) (i32.const ${es}))))
      (local.set $bi (i32.add (local.get $bi) (i32.const 1))) (br $bl))))`;
}

const wat = `(module
  (import "env" "memory" (memory 1 65536 shared))
  ${matmul('f32', 4, 2)}
  ${matmul('f64', 2, 4)}
)`;

const wabt = await wabtInit();
const mod = wabt.parseWat('kernels.wat', wat, { simd: true, threads: true });
const { buffer } = mod.toBinary({});
const out = fileURLToPath(new URL('../lib/array/wasm/kernels.wasm', import.meta.url));
writeFileSync(out, buffer);
console.log(`built ${out} (${buffer.length} bytes)`);
