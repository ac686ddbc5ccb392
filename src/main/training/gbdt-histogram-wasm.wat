;; The binning, histogram, partition, leaf-value and tree-walk kernels of boosted trees (compiled by scripts/build-wasm.ts into gbdt-histogram-wasm-bytes.ts).
;; JavaScript pays a bounds check on every typed-array access and three separate read-add-writes per bin; here a bin's
;; (gradient, hessian) pair is one f64x2 add, with no bounds checks. Every bin still sums its rows one by one in
;; ascending row order, each f32 gradient widened to f64 first, as the JavaScript loop did: the sums are bit-identical.
;; All addresses are byte offsets into the one shared memory that the tree grower and the histogram threads use.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; One histogram slot is [gradient sum, hessian sum, row count] as f64 (24 bytes); a feature has 256 bins.
  ;; build fills the features [from, to) of the histogram at $hist from the rows idx[start..end) (u32 row numbers at
  ;; $idx; when $useIdx is 0, the rows start..end themselves), whose [g, h] f32 pairs are gradients[row] (8 bytes a row
  ;; at $gradients, all rows by row) and whose codes are codes[row * features + f] (u8 at $codes). Each thread reads a
  ;; row's pair where it reads the row's codes, which costs the build nothing measurable (its load overlaps the codes'
  ;; load), instead of the grower first gathering a node's pairs into node order alone (0.25-0.45 s of a 1M x 20 fit).
  (func (export "build")
    (param $codes i32) (param $features i32) (param $idx i32) (param $useIdx i32) (param $start i32) (param $end i32)
    (param $gradients i32) (param $hist i32) (param $from i32) (param $to i32)
    (local $i i32) (local $gh v128) (local $row i32) (local $code i32) (local $last i32) (local $bins i32) (local $slot i32) (local $fours i32)
    (local.set $bins (i32.add (local.get $hist) (i32.mul (local.get $from) (i32.const 6144))))
    (memory.fill (local.get $bins) (i32.const 0) (i32.mul (i32.sub (local.get $to) (local.get $from)) (i32.const 6144)))
    (local.set $i (local.get $start))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $row (if (result i32) (local.get $useIdx)
          (then (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))))
          (else (local.get $i))))
        ;; [g, h] as f64x2: both widened exactly, added lane by lane as two scalar f64 adds would be
        (local.set $gh (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $gradients) (i32.shl (local.get $row) (i32.const 3))))))
        (local.set $code (i32.add (i32.add (local.get $codes) (i32.mul (local.get $row) (local.get $features))) (local.get $from)))
        (local.set $last (i32.add (local.get $code) (i32.sub (local.get $to) (local.get $from))))
        (local.set $hist (local.get $bins))
        ;; Four features a step: their bins are independent, so the CPU overlaps the four read-add-writes.
        (local.set $fours (i32.add (local.get $code) (i32.and (i32.sub (local.get $to) (local.get $from)) (i32.const -4))))
        (block $foursDone
          (loop $byFour
            (br_if $foursDone (i32.ge_u (local.get $code) (local.get $fours)))
            (local.set $slot (i32.add (i32.add (local.get $hist) (i32.const 0)) (i32.mul (i32.load8_u offset=0 (local.get $code)) (i32.const 24))))
            (v128.store (local.get $slot) (f64x2.add (v128.load (local.get $slot)) (local.get $gh)))
            (f64.store offset=16 (local.get $slot) (f64.add (f64.load offset=16 (local.get $slot)) (f64.const 1)))
            (local.set $slot (i32.add (i32.add (local.get $hist) (i32.const 6144)) (i32.mul (i32.load8_u offset=1 (local.get $code)) (i32.const 24))))
            (v128.store (local.get $slot) (f64x2.add (v128.load (local.get $slot)) (local.get $gh)))
            (f64.store offset=16 (local.get $slot) (f64.add (f64.load offset=16 (local.get $slot)) (f64.const 1)))
            (local.set $slot (i32.add (i32.add (local.get $hist) (i32.const 12288)) (i32.mul (i32.load8_u offset=2 (local.get $code)) (i32.const 24))))
            (v128.store (local.get $slot) (f64x2.add (v128.load (local.get $slot)) (local.get $gh)))
            (f64.store offset=16 (local.get $slot) (f64.add (f64.load offset=16 (local.get $slot)) (f64.const 1)))
            (local.set $slot (i32.add (i32.add (local.get $hist) (i32.const 18432)) (i32.mul (i32.load8_u offset=3 (local.get $code)) (i32.const 24))))
            (v128.store (local.get $slot) (f64x2.add (v128.load (local.get $slot)) (local.get $gh)))
            (f64.store offset=16 (local.get $slot) (f64.add (f64.load offset=16 (local.get $slot)) (f64.const 1)))
            (local.set $code (i32.add (local.get $code) (i32.const 4)))
            (local.set $hist (i32.add (local.get $hist) (i32.const 24576)))
            (br $byFour)))
        (block $featuresDone
          (loop $features
            (br_if $featuresDone (i32.ge_u (local.get $code) (local.get $last)))
            (local.set $slot (i32.add (local.get $hist) (i32.mul (i32.load8_u (local.get $code)) (i32.const 24))))
            (v128.store (local.get $slot) (f64x2.add (v128.load (local.get $slot)) (local.get $gh)))
            (f64.store offset=16 (local.get $slot) (f64.add (f64.load offset=16 (local.get $slot)) (f64.const 1)))
            (local.set $code (i32.add (local.get $code) (i32.const 1)))
            (local.set $hist (i32.add (local.get $hist) (i32.const 6144)))
            (br $features)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; buildColumns fills the features [from, to) of the histogram at $hist as build does, from column-major codes
  ;; (feature f's code of a row at $byColumn + f * $rows + row): one feature at a time over the node's rows, so the
  ;; bins being added to are one feature's 6 KB (in L1) and the codes read one feature's column (rows bytes, in L2),
  ;; where build's row-major pass keeps every feature's bins and the whole matrix in play. Same sums, same order.
  (func (export "buildColumns")
    (param $byColumn i32) (param $rows i32) (param $idx i32) (param $useIdx i32) (param $start i32) (param $end i32)
    (param $gradients i32) (param $hist i32) (param $from i32) (param $to i32)
    (local $f i32) (local $i i32) (local $row i32) (local $column i32) (local $bins i32) (local $slot i32)
    (local.set $f (local.get $from))
    (block $featuresDone
      (loop $features
        (br_if $featuresDone (i32.ge_u (local.get $f) (local.get $to)))
        (local.set $column (i32.add (local.get $byColumn) (i32.mul (local.get $f) (local.get $rows))))
        (local.set $bins (i32.add (local.get $hist) (i32.mul (local.get $f) (i32.const 6144))))
        (memory.fill (local.get $bins) (i32.const 0) (i32.const 6144))
        (local.set $i (local.get $start))
        (block $rowsDone
          (loop $eachRow
            (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $end)))
            (local.set $row (if (result i32) (local.get $useIdx)
              (then (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))))
              (else (local.get $i))))
            (local.set $slot (i32.add (local.get $bins) (i32.mul (i32.load8_u (i32.add (local.get $column) (local.get $row))) (i32.const 24))))
            (v128.store (local.get $slot) (f64x2.add (v128.load (local.get $slot))
              (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $gradients) (i32.shl (local.get $row) (i32.const 3)))))))
            (f64.store offset=16 (local.get $slot) (f64.add (f64.load offset=16 (local.get $slot)) (f64.const 1)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $eachRow)))
        (local.set $f (i32.add (local.get $f) (i32.const 1)))
        (br $features))))

  ;; partition moves the rows idx[start..end) (u32 at $idx) that go left, code <= $bin or code 255 (missing) when
  ;; $missingLeft is 1, to the front of that range and the others after them, both in their old (ascending) order, and
  ;; returns where the right ones start. A row's code is column[row] (u8 at $column: one feature, column-major).
  ;; Branch-free: the side is a coin flip the CPU cannot predict, so each row is written to both places
  ;; (left in place, right to $scratch) and only the matching cursor advances.
  (func (export "partition")
    (param $column i32) (param $bin i32) (param $missingLeft i32) (param $idx i32) (param $start i32) (param $end i32)
    (param $scratch i32) (result i32)
    (local $read i32) (local $last i32) (local $left i32) (local $right i32) (local $row i32) (local $code i32) (local $side i32)
    (local.set $read (i32.add (local.get $idx) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $last (i32.add (local.get $idx) (i32.shl (local.get $end) (i32.const 2))))
    (local.set $left (local.get $read))
    (local.set $right (local.get $scratch))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $read) (local.get $last)))
        (local.set $row (i32.load (local.get $read)))
        (local.set $code (i32.load8_u (i32.add (local.get $column) (local.get $row))))
        (local.set $side (i32.or
          (i32.le_u (local.get $code) (local.get $bin))
          (i32.and (local.get $missingLeft) (i32.eq (local.get $code) (i32.const 255)))))
        (i32.store (local.get $left) (local.get $row))
        (i32.store (local.get $right) (local.get $row))
        (local.set $left (i32.add (local.get $left) (i32.shl (local.get $side) (i32.const 2))))
        (local.set $right (i32.add (local.get $right) (i32.shl (i32.xor (local.get $side) (i32.const 1)) (i32.const 2))))
        (local.set $read (i32.add (local.get $read) (i32.const 4)))
        (br $rows)))
    (memory.copy (local.get $left) (local.get $scratch) (i32.sub (local.get $right) (local.get $scratch)))
    (i32.shr_u (i32.sub (local.get $left) (local.get $idx)) (i32.const 2)))

  ;; subtract does parent -= child over the features [from, to) of two histograms (6144 bytes a feature): the parent's
  ;; buffer becomes the larger sibling's histogram. One f64 subtraction a slot, as JavaScript did, two at a time.
  (func (export "subtract") (param $parent i32) (param $child i32) (param $from i32) (param $to i32)
    (local $at i32) (local $last i32) (local $by i32)
    (local.set $at (i32.add (local.get $parent) (i32.mul (local.get $from) (i32.const 6144))))
    (local.set $last (i32.add (local.get $parent) (i32.mul (local.get $to) (i32.const 6144))))
    (local.set $by (i32.sub (local.get $child) (local.get $parent)))
    (block $done
      (loop $slots
        (br_if $done (i32.ge_u (local.get $at) (local.get $last)))
        (v128.store (local.get $at) (f64x2.sub (v128.load (local.get $at)) (v128.load (i32.add (local.get $at) (local.get $by)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $slots))))

  ;; addLeaf adds $value to the f64 at $scores + row * $stride (bytes) of each row idx[start..end) (u32 at $idx): a
  ;; leaf's value added to its rows' training scores, one f64 add a row as in JavaScript, without its bounds checks.
  (func (export "addLeaf") (param $idx i32) (param $start i32) (param $end i32) (param $scores i32) (param $stride i32) (param $value f64)
    (local $read i32) (local $last i32) (local $at i32)
    (local.set $read (i32.add (local.get $idx) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $last (i32.add (local.get $idx) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $read) (local.get $last)))
        (local.set $at (i32.add (local.get $scores) (i32.mul (i32.load (local.get $read)) (local.get $stride))))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $value)))
        (local.set $read (i32.add (local.get $read) (i32.const 4)))
        (br $rows))))

  ;; binaryGradients writes the gradient and hessian of the binary log-loss of each row [from, to) as an f32 pair at
  ;; $gradHess + 8 row, from its f64 score at $scores + 8 row and its f64 label (0 or 1) at $labels + 8 row: with
  ;; e = exp(-|z|), p = (z >= 0 ? 1 : e) / (1 + e), the pair is (p - t, p (1 - p)), the arithmetic of gbdt-loss.ts's
  ;; binaryGradient in the same order, so the same bits. Two rows at a time, one a lane (an odd last row in both):
  ;; V8's Math.exp (a call into C) and $exp row by row both take ~8.5 ns a row, two rows per f64x2 5.6 ns.
  (func (export "binaryGradients") (param $scores i32) (param $labels i32) (param $gradHess i32) (param $from i32) (param $to i32)
    (local $r i32) (local $at i32) (local $two i32) (local $z v128) (local $t v128) (local $e v128) (local $p v128) (local $out v128)
    (local.set $r (local.get $from))
    (block $done
      (loop $eachPair
        (br_if $done (i32.ge_u (local.get $r) (local.get $to)))
        (local.set $at (i32.shl (local.get $r) (i32.const 3)))
        (local.set $two (i32.lt_u (i32.add (local.get $r) (i32.const 1)) (local.get $to)))
        (if (local.get $two)
          (then
            (local.set $z (v128.load (i32.add (local.get $scores) (local.get $at))))
            (local.set $t (v128.load (i32.add (local.get $labels) (local.get $at)))))
          (else
            (local.set $z (v128.load64_splat (i32.add (local.get $scores) (local.get $at))))
            (local.set $t (v128.load64_splat (i32.add (local.get $labels) (local.get $at))))))
        (local.set $e (call $exp2 (f64x2.neg (f64x2.abs (local.get $z)))))
        (local.set $p (f64x2.div
          (v128.bitselect (v128.const f64x2 1 1) (local.get $e) (f64x2.ge (local.get $z) (v128.const f64x2 0 0)))
          (f64x2.add (v128.const f64x2 1 1) (local.get $e))))
        ;; [g0, h0, g1, h1] as f32
        (local.set $out (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.sub (local.get $p) (local.get $t)))
          (f32x4.demote_f64x2_zero (f64x2.mul (local.get $p) (f64x2.sub (v128.const f64x2 1 1) (local.get $p))))))
        (if (local.get $two)
          (then (v128.store (i32.add (local.get $gradHess) (local.get $at)) (local.get $out)))
          (else (v128.store64_lane 0 (i32.add (local.get $gradHess) (local.get $at)) (local.get $out))))
        (local.set $r (i32.add (local.get $r) (i32.const 2)))
        (br $eachPair))))

  ;; exp2 is $exp on both lanes, the same operations lane by lane. A pair with a lane off the vector path (|x| >= 704,
  ;; where 2^k leaves the normal range, with the infinities and NaN; or |x| < 2^-28) goes to $exp one lane at a time;
  ;; boosting's scores never get there.
  (func $exp2 (param $x v128) (result v128)
    (local $hx v128) (local $t v128) (local $hi v128) (local $lo v128) (local $c v128) (local $y v128)
    ;; the high words of |x|, as i64 lanes
    (local.set $hx (i64x2.shr_u (v128.and (local.get $x) (v128.const i64x2 0x7fffffffffffffff 0x7fffffffffffffff)) (i32.const 32)))
    (if (v128.any_true (v128.or
          (i64x2.ge_s (local.get $hx) (v128.const i64x2 0x40860000 0x40860000))
          (i64x2.lt_s (local.get $hx) (v128.const i64x2 0x3e300000 0x3e300000))))
      (then (return (f64x2.replace_lane 1
        (f64x2.splat (call $exp (f64x2.extract_lane 0 (local.get $x))))
        (call $exp (f64x2.extract_lane 1 (local.get $x)))))))
    ;; t = k as f64: round(x / ln2), or 0 for |x| <= ln2 / 2 (by its high word), as $exp picks it
    (local.set $t (f64x2.convert_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero
      (f64x2.add (f64x2.mul (v128.const f64x2 1.44269504088896338700e+00 1.44269504088896338700e+00) (local.get $x))
        (v128.bitselect (v128.const f64x2 -0.5 -0.5) (v128.const f64x2 0.5 0.5) (f64x2.lt (local.get $x) (v128.const f64x2 0 0)))))))
    (local.set $t (v128.and (local.get $t) (i64x2.gt_s (local.get $hx) (v128.const i64x2 0x3fd62e42 0x3fd62e42))))
    (local.set $hi (f64x2.sub (local.get $x) (f64x2.mul (local.get $t) (v128.const f64x2 6.93147180369123816490e-01 6.93147180369123816490e-01))))
    (local.set $lo (f64x2.mul (local.get $t) (v128.const f64x2 1.90821492927058770002e-10 1.90821492927058770002e-10)))
    (local.set $x (f64x2.sub (local.get $hi) (local.get $lo)))
    (local.set $c (f64x2.mul (local.get $x) (local.get $x)))
    (local.set $c (f64x2.sub (local.get $x) (f64x2.mul (local.get $c)
      (f64x2.add (v128.const f64x2 1.66666666666666019037e-01 1.66666666666666019037e-01) (f64x2.mul (local.get $c)
      (f64x2.add (v128.const f64x2 -2.77777777770155933842e-03 -2.77777777770155933842e-03) (f64x2.mul (local.get $c)
      (f64x2.add (v128.const f64x2 6.61375632143793436117e-05 6.61375632143793436117e-05) (f64x2.mul (local.get $c)
      (f64x2.add (v128.const f64x2 -1.65339022054652515390e-06 -1.65339022054652515390e-06)
        (f64x2.mul (local.get $c) (v128.const f64x2 4.13813679705723846039e-08 4.13813679705723846039e-08))))))))))))
    (local.set $y (f64x2.sub (v128.const f64x2 1 1) (f64x2.sub (f64x2.sub (local.get $lo)
      (f64x2.div (f64x2.mul (local.get $x) (local.get $c)) (f64x2.sub (v128.const f64x2 2 2) (local.get $c)))) (local.get $hi))))
    ;; y * 2^k, 2^k from its exponent bits: (k + 1023) << 52
    (f64x2.mul (local.get $y) (i64x2.shl
      (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $t))) (v128.const i64x2 1023 1023))
      (i32.const 52))))

  ;; exp is FreeBSD msun's e_exp.c, the exp that V8's Math.exp runs (src/base/ieee754.cc): the same double operations
  ;; on the same operands, so the same bits (the tests compare them on millions of inputs). Where e_exp.c branches on
  ;; the size of x (|x| <= ln2 / 2: k = 0; |x| < 1.5 ln2: k = +-1 by hand), this computes k = round(x / ln2) for every
  ;; x and selects 0 where e_exp.c would take k = 0: each of those paths then performs exactly the operations of the
  ;; general one, and a branch on x's size, a coin toss on boosting's scores, cost more than the whole exp. Exported
  ;; for the tests only.
  (func $exp (export "exp") (param $x f64) (result f64)
    (local $hx i32) (local $xsb i32) (local $k i32) (local $hi f64) (local $lo f64) (local $t f64) (local $c f64) (local $y f64)
    (local.set $hx (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $x)) (i64.const 32))))
    (local.set $xsb (i32.shr_u (local.get $hx) (i32.const 31)))
    (local.set $hx (i32.and (local.get $hx) (i32.const 0x7fffffff)))
    ;; |x| >= 709.78: NaN, the infinities, overflow and underflow
    (if (i32.ge_u (local.get $hx) (i32.const 0x40862e42))
      (then
        (if (i32.ge_u (local.get $hx) (i32.const 0x7ff00000))
          (then
            (if (f64.ne (local.get $x) (local.get $x)) (then (return (f64.add (local.get $x) (local.get $x)))))
            (return (select (local.get $x) (f64.const 0) (i32.eqz (local.get $xsb))))))
        (if (f64.gt (local.get $x) (f64.const 7.09782712893383973096e+02)) (then (return (f64.const inf))))
        (if (f64.lt (local.get $x) (f64.const -7.45133219101941108420e+02)) (then (return (f64.const 0))))))
    ;; |x| < 2^-28: 1 + x
    (if (i32.lt_u (local.get $hx) (i32.const 0x3e300000)) (then (return (f64.add (f64.const 1) (local.get $x)))))
    ;; argument reduction: x = k ln2 + (hi - lo), k = 0 for |x| <= ln2 / 2 (by its high word, as e_exp.c)
    (local.set $k (select
      (i32.trunc_f64_s (f64.add (f64.mul (f64.const 1.44269504088896338700e+00) (local.get $x))
        (select (f64.const -0.5) (f64.const 0.5) (local.get $xsb))))
      (i32.const 0)
      (i32.gt_u (local.get $hx) (i32.const 0x3fd62e42))))
    (local.set $t (f64.convert_i32_s (local.get $k)))
    (local.set $hi (f64.sub (local.get $x) (f64.mul (local.get $t) (f64.const 6.93147180369123816490e-01))))
    (local.set $lo (f64.mul (local.get $t) (f64.const 1.90821492927058770002e-10)))
    (local.set $x (f64.sub (local.get $hi) (local.get $lo)))
    (local.set $t (f64.mul (local.get $x) (local.get $x)))
    (local.set $c (f64.sub (local.get $x) (f64.mul (local.get $t)
      (f64.add (f64.const 1.66666666666666019037e-01) (f64.mul (local.get $t)
      (f64.add (f64.const -2.77777777770155933842e-03) (f64.mul (local.get $t)
      (f64.add (f64.const 6.61375632143793436117e-05) (f64.mul (local.get $t)
      (f64.add (f64.const -1.65339022054652515390e-06) (f64.mul (local.get $t) (f64.const 4.13813679705723846039e-08))))))))))))
    (local.set $y (f64.sub (f64.const 1) (f64.sub (f64.sub (local.get $lo)
      (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (f64.const 2) (local.get $c)))) (local.get $hi))))
    ;; y * 2^k, with 2^k built from its exponent bits (2^1023 twice at the top, 2^(k+1000) then 2^-1000 at the bottom)
    (if (i32.lt_s (local.get $k) (i32.const -1021))
      (then (return (f64.mul (f64.mul (local.get $y) (f64.reinterpret_i64 (i64.shl (i64.extend_i32_u
        (i32.add (i32.const 0x3ff00000) (i32.shl (i32.add (local.get $k) (i32.const 1000)) (i32.const 20)))) (i64.const 32))))
        (f64.const 0x1p-1000)))))
    (if (i32.eq (local.get $k) (i32.const 1024)) (then (return (f64.mul (f64.mul (local.get $y) (f64.const 2)) (f64.const 0x1p1023)))))
    (f64.mul (local.get $y) (f64.reinterpret_i64 (i64.shl (i64.extend_i32_u
      (i32.add (i32.const 0x3ff00000) (i32.shl (local.get $k) (i32.const 20)))) (i64.const 32)))))

  ;; code writes the bin code of each of $count rows of $features f64 values (row-major at $values, a block of the
  ;; matrix staged here) to $codes (row-major, from the block's first row) and to $byColumn (column-major over all $rows,
  ;; this block's rows starting at $firstRow). A value's code is the number of its feature's edges below it (f64 at
  ;; $edges, 255 a feature, padded with +Infinity), found in 8 halving steps that select rather than branch; NaN gets
  ;; 255 and marks its feature in $missing (u8 a feature).
  (func (export "code")
    (param $values i32) (param $count i32) (param $features i32) (param $edges i32) (param $codes i32) (param $byColumn i32)
    (param $rows i32) (param $firstRow i32) (param $missing i32)
    (local $r i32) (local $f i32) (local $v f64) (local $e i32) (local $p i32)
    (block $rowsDone
      (loop $eachRow
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $count)))
        (local.set $f (i32.const 0))
        (block $featuresDone
          (loop $eachFeature
            (br_if $featuresDone (i32.ge_u (local.get $f) (local.get $features)))
            (local.set $v (f64.load (local.get $values)))
            (local.set $p (i32.const 255))
            (if (f64.ne (local.get $v) (local.get $v))
              (then (i32.store8 (i32.add (local.get $missing) (local.get $f)) (i32.const 1)))
              (else
                (local.set $e (i32.add (local.get $edges) (i32.mul (local.get $f) (i32.const 2040))))
                (local.set $p (i32.const 0))
          (local.set $p (select (i32.add (local.get $p) (i32.const 128)) (local.get $p)
            (f64.lt (f64.load offset=1016 (i32.add (local.get $e) (i32.shl (local.get $p) (i32.const 3)))) (local.get $v))))
          (local.set $p (select (i32.add (local.get $p) (i32.const 64)) (local.get $p)
            (f64.lt (f64.load offset=504 (i32.add (local.get $e) (i32.shl (local.get $p) (i32.const 3)))) (local.get $v))))
          (local.set $p (select (i32.add (local.get $p) (i32.const 32)) (local.get $p)
            (f64.lt (f64.load offset=248 (i32.add (local.get $e) (i32.shl (local.get $p) (i32.const 3)))) (local.get $v))))
          (local.set $p (select (i32.add (local.get $p) (i32.const 16)) (local.get $p)
            (f64.lt (f64.load offset=120 (i32.add (local.get $e) (i32.shl (local.get $p) (i32.const 3)))) (local.get $v))))
          (local.set $p (select (i32.add (local.get $p) (i32.const 8)) (local.get $p)
            (f64.lt (f64.load offset=56 (i32.add (local.get $e) (i32.shl (local.get $p) (i32.const 3)))) (local.get $v))))
          (local.set $p (select (i32.add (local.get $p) (i32.const 4)) (local.get $p)
            (f64.lt (f64.load offset=24 (i32.add (local.get $e) (i32.shl (local.get $p) (i32.const 3)))) (local.get $v))))
          (local.set $p (select (i32.add (local.get $p) (i32.const 2)) (local.get $p)
            (f64.lt (f64.load offset=8 (i32.add (local.get $e) (i32.shl (local.get $p) (i32.const 3)))) (local.get $v))))
          (local.set $p (select (i32.add (local.get $p) (i32.const 1)) (local.get $p)
            (f64.lt (f64.load offset=0 (i32.add (local.get $e) (i32.shl (local.get $p) (i32.const 3)))) (local.get $v))))
              ))
            (i32.store8 (local.get $codes) (local.get $p))
            (i32.store8 (i32.add (i32.add (local.get $byColumn) (i32.mul (local.get $f) (local.get $rows)))
              (i32.add (local.get $firstRow) (local.get $r))) (local.get $p))
            (local.set $values (i32.add (local.get $values) (i32.const 8)))
            (local.set $codes (i32.add (local.get $codes) (i32.const 1)))
            (local.set $f (i32.add (local.get $f) (i32.const 1)))
            (br $eachFeature)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $eachRow))))

  ;; walk adds to the f64 score of each of $rows rows (at $scores + row * $stride) the leaf value of each of $trees coded
  ;; trees, tree after tree, as tree-walk.ts lays them out: a node is four i32 at $nodes + 16 n (its feature's byte
  ;; offset in a row; the byte address of its left child, the right one 16 bytes on; lo and span: go right when
  ;; code - lo < span, unsigned), its f64 value at $values + 8 n; tree t's root (a node's address) and depth are i32
  ;; at $roots + 4 t and $depths + 4 t. A row's codes are $features i32 at $codes + 4 features row. Each of depth steps
  ;; is two dependent loads and no branch; a leaf's span is 0, so it steps to itself. The same adds in the same order as
  ;; a walk in JavaScript, so the same bits, without a bounds check on each load. Six rows go through a tree side by
  ;; side, so the CPU overlaps their chains of dependent loads.
  (func (export "walk")
    (param $codes i32) (param $features i32) (param $rows i32) (param $nodes i32) (param $values i32)
    (param $roots i32) (param $depths i32) (param $trees i32) (param $scores i32) (param $stride i32)
    (local $rowBytes i32) (local $r i32) (local $t i32) (local $d i32) (local $at i32)
    (local $row0 i32) (local $n0 i32) (local $c0 i32) (local $s0 f64)
    (local $row1 i32) (local $n1 i32) (local $c1 i32) (local $s1 f64)
    (local $row2 i32) (local $n2 i32) (local $c2 i32) (local $s2 f64)
    (local $row3 i32) (local $n3 i32) (local $c3 i32) (local $s3 f64)
    (local $row4 i32) (local $n4 i32) (local $c4 i32) (local $s4 f64)
    (local $row5 i32) (local $n5 i32) (local $c5 i32) (local $s5 f64)
    (local.set $rowBytes (i32.shl (local.get $features) (i32.const 2)))
    (block $groupsDone
      (loop $groups
        (br_if $groupsDone (i32.gt_u (i32.add (local.get $r) (i32.const 6)) (local.get $rows)))
        (local.set $row0 (i32.add (local.get $codes) (i32.mul (local.get $r) (local.get $rowBytes))))
        (local.set $row1 (i32.add (local.get $row0) (local.get $rowBytes)))
        (local.set $row2 (i32.add (local.get $row1) (local.get $rowBytes)))
        (local.set $row3 (i32.add (local.get $row2) (local.get $rowBytes)))
        (local.set $row4 (i32.add (local.get $row3) (local.get $rowBytes)))
        (local.set $row5 (i32.add (local.get $row4) (local.get $rowBytes)))
        (local.set $at (i32.add (local.get $scores) (i32.mul (local.get $r) (local.get $stride))))
        (local.set $s0 (f64.load (i32.add (local.get $at) (i32.mul (local.get $stride) (i32.const 0)))))
        (local.set $s1 (f64.load (i32.add (local.get $at) (i32.mul (local.get $stride) (i32.const 1)))))
        (local.set $s2 (f64.load (i32.add (local.get $at) (i32.mul (local.get $stride) (i32.const 2)))))
        (local.set $s3 (f64.load (i32.add (local.get $at) (i32.mul (local.get $stride) (i32.const 3)))))
        (local.set $s4 (f64.load (i32.add (local.get $at) (i32.mul (local.get $stride) (i32.const 4)))))
        (local.set $s5 (f64.load (i32.add (local.get $at) (i32.mul (local.get $stride) (i32.const 5)))))
        (local.set $t (i32.const 0))
        (block $treesDone
          (loop $eachTree
            (br_if $treesDone (i32.ge_u (local.get $t) (local.get $trees)))
            (local.set $n0 (i32.load (i32.add (local.get $roots) (i32.shl (local.get $t) (i32.const 2)))))
            (local.set $n1 (local.get $n0))
            (local.set $n2 (local.get $n0))
            (local.set $n3 (local.get $n0))
            (local.set $n4 (local.get $n0))
            (local.set $n5 (local.get $n0))
            (local.set $d (i32.load (i32.add (local.get $depths) (i32.shl (local.get $t) (i32.const 2)))))
            (block $stepsDone
              (loop $steps
                (br_if $stepsDone (i32.eqz (local.get $d)))
                (local.set $c0 (i32.load (i32.add (local.get $row0) (i32.load (local.get $n0)))))
                (local.set $n0 (i32.add (i32.load offset=4 (local.get $n0)) (i32.shl
                  (i32.lt_u (i32.sub (local.get $c0) (i32.load offset=8 (local.get $n0))) (i32.load offset=12 (local.get $n0)))
                  (i32.const 4))))
                (local.set $c1 (i32.load (i32.add (local.get $row1) (i32.load (local.get $n1)))))
                (local.set $n1 (i32.add (i32.load offset=4 (local.get $n1)) (i32.shl
                  (i32.lt_u (i32.sub (local.get $c1) (i32.load offset=8 (local.get $n1))) (i32.load offset=12 (local.get $n1)))
                  (i32.const 4))))
                (local.set $c2 (i32.load (i32.add (local.get $row2) (i32.load (local.get $n2)))))
                (local.set $n2 (i32.add (i32.load offset=4 (local.get $n2)) (i32.shl
                  (i32.lt_u (i32.sub (local.get $c2) (i32.load offset=8 (local.get $n2))) (i32.load offset=12 (local.get $n2)))
                  (i32.const 4))))
                (local.set $c3 (i32.load (i32.add (local.get $row3) (i32.load (local.get $n3)))))
                (local.set $n3 (i32.add (i32.load offset=4 (local.get $n3)) (i32.shl
                  (i32.lt_u (i32.sub (local.get $c3) (i32.load offset=8 (local.get $n3))) (i32.load offset=12 (local.get $n3)))
                  (i32.const 4))))
                (local.set $c4 (i32.load (i32.add (local.get $row4) (i32.load (local.get $n4)))))
                (local.set $n4 (i32.add (i32.load offset=4 (local.get $n4)) (i32.shl
                  (i32.lt_u (i32.sub (local.get $c4) (i32.load offset=8 (local.get $n4))) (i32.load offset=12 (local.get $n4)))
                  (i32.const 4))))
                (local.set $c5 (i32.load (i32.add (local.get $row5) (i32.load (local.get $n5)))))
                (local.set $n5 (i32.add (i32.load offset=4 (local.get $n5)) (i32.shl
                  (i32.lt_u (i32.sub (local.get $c5) (i32.load offset=8 (local.get $n5))) (i32.load offset=12 (local.get $n5)))
                  (i32.const 4))))
                (local.set $d (i32.sub (local.get $d) (i32.const 1)))
                (br $steps)))
            (local.set $s0 (f64.add (local.get $s0) (f64.load (i32.add (local.get $values) (i32.shr_u (i32.sub (local.get $n0) (local.get $nodes)) (i32.const 1))))))
            (local.set $s1 (f64.add (local.get $s1) (f64.load (i32.add (local.get $values) (i32.shr_u (i32.sub (local.get $n1) (local.get $nodes)) (i32.const 1))))))
            (local.set $s2 (f64.add (local.get $s2) (f64.load (i32.add (local.get $values) (i32.shr_u (i32.sub (local.get $n2) (local.get $nodes)) (i32.const 1))))))
            (local.set $s3 (f64.add (local.get $s3) (f64.load (i32.add (local.get $values) (i32.shr_u (i32.sub (local.get $n3) (local.get $nodes)) (i32.const 1))))))
            (local.set $s4 (f64.add (local.get $s4) (f64.load (i32.add (local.get $values) (i32.shr_u (i32.sub (local.get $n4) (local.get $nodes)) (i32.const 1))))))
            (local.set $s5 (f64.add (local.get $s5) (f64.load (i32.add (local.get $values) (i32.shr_u (i32.sub (local.get $n5) (local.get $nodes)) (i32.const 1))))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $eachTree)))
        (f64.store (i32.add (local.get $at) (i32.mul (local.get $stride) (i32.const 0))) (local.get $s0))
        (f64.store (i32.add (local.get $at) (i32.mul (local.get $stride) (i32.const 1))) (local.get $s1))
        (f64.store (i32.add (local.get $at) (i32.mul (local.get $stride) (i32.const 2))) (local.get $s2))
        (f64.store (i32.add (local.get $at) (i32.mul (local.get $stride) (i32.const 3))) (local.get $s3))
        (f64.store (i32.add (local.get $at) (i32.mul (local.get $stride) (i32.const 4))) (local.get $s4))
        (f64.store (i32.add (local.get $at) (i32.mul (local.get $stride) (i32.const 5))) (local.get $s5))
        (local.set $r (i32.add (local.get $r) (i32.const 6)))
        (br $groups)))
    ;; the last rows, one at a time
    (block $rowsDone
      (loop $eachRow
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $row0 (i32.add (local.get $codes) (i32.mul (local.get $r) (local.get $rowBytes))))
        (local.set $at (i32.add (local.get $scores) (i32.mul (local.get $r) (local.get $stride))))
        (local.set $s0 (f64.load (local.get $at)))
        (local.set $t (i32.const 0))
        (block $treesDone
          (loop $eachTree
            (br_if $treesDone (i32.ge_u (local.get $t) (local.get $trees)))
            (local.set $n0 (i32.load (i32.add (local.get $roots) (i32.shl (local.get $t) (i32.const 2)))))
            (local.set $d (i32.load (i32.add (local.get $depths) (i32.shl (local.get $t) (i32.const 2)))))
            (block $stepsDone
              (loop $steps
                (br_if $stepsDone (i32.eqz (local.get $d)))
                (local.set $c0 (i32.load (i32.add (local.get $row0) (i32.load (local.get $n0)))))
                (local.set $n0 (i32.add (i32.load offset=4 (local.get $n0)) (i32.shl
                  (i32.lt_u (i32.sub (local.get $c0) (i32.load offset=8 (local.get $n0))) (i32.load offset=12 (local.get $n0)))
                  (i32.const 4))))
                (local.set $d (i32.sub (local.get $d) (i32.const 1)))
                (br $steps)))
            (local.set $s0 (f64.add (local.get $s0) (f64.load (i32.add (local.get $values) (i32.shr_u (i32.sub (local.get $n0) (local.get $nodes)) (i32.const 1))))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $eachTree)))
        (f64.store (local.get $at) (local.get $s0))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $eachRow))))

  ;; binaryLossTerms writes the binary log-loss of $count rows, every $stride-th from $first, as f64 at $terms: with
  ;; e = exp(-|z|) for the row's f64 score z at $scores + 8 row and its f64 label t (0 or 1) at $labels + 8 row, the
  ;; term is log1p(e) + max(z, 0) - t z, gbdt-loss.ts's binaryLoss in the same order, so the same bits. Two rows at a
  ;; time, the exp and the log1p of both in one pass ($exp2, $log1p2): V8 calls out to C for each Math.exp and
  ;; Math.log1p, and each log1p takes one of two paths by the size of e, a coin toss on boosting's scores.
  (func (export "binaryLossTerms") (param $scores i32) (param $labels i32) (param $first i32) (param $stride i32) (param $count i32) (param $terms i32)
    (local $i i32) (local $r0 i32) (local $r1 i32) (local $two i32) (local $at i32) (local $z v128) (local $t v128) (local $term v128)
    (local.set $r0 (local.get $first))
    (block $done
      (loop $eachPair
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $two (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $count)))
        (local.set $r1 (select (i32.add (local.get $r0) (local.get $stride)) (local.get $r0) (local.get $two)))
        (local.set $z (f64x2.replace_lane 1
          (f64x2.splat (f64.load (i32.add (local.get $scores) (i32.shl (local.get $r0) (i32.const 3)))))
          (f64.load (i32.add (local.get $scores) (i32.shl (local.get $r1) (i32.const 3))))))
        (local.set $t (f64x2.replace_lane 1
          (f64x2.splat (f64.load (i32.add (local.get $labels) (i32.shl (local.get $r0) (i32.const 3)))))
          (f64.load (i32.add (local.get $labels) (i32.shl (local.get $r1) (i32.const 3))))))
        (local.set $term (f64x2.sub
          (f64x2.add
            (call $log1p2 (call $exp2 (f64x2.neg (f64x2.abs (local.get $z)))))
            (v128.bitselect (local.get $z) (v128.const f64x2 0 0) (f64x2.gt (local.get $z) (v128.const f64x2 0 0))))
          (f64x2.mul (local.get $t) (local.get $z))))
        (local.set $at (i32.add (local.get $terms) (i32.shl (local.get $i) (i32.const 3))))
        (if (local.get $two)
          (then (v128.store (local.get $at) (local.get $term)))
          (else (v128.store64_lane 0 (local.get $at) (local.get $term))))
        (local.set $r0 (i32.add (local.get $r1) (local.get $stride)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $eachPair))))

  ;; log1p2 is $log1p on both lanes, the same operations lane by lane, without its branches for x in [2^-29, 0.99997)
  ;; (e = exp(-|z|) for |z| from 3e-5 to 20): s_log1p.c's path there is chosen by x's size (1 + x below sqrt(2): f = x,
  ;; k = 0; else u = 1 + x and its correction c, with u halved and k = 1 when its mantissa passes sqrt(2)), so each lane
  ;; computes every path's operations and keeps its own. A pair with a lane outside the range goes to $log1p one lane
  ;; at a time (its upper end keeps the halved mantissa clear of s_log1p.c's |f| < 2^-20 path).
  (func $log1p2 (param $x v128) (result v128)
    (local $hx v128) (local $u v128) (local $hu v128) (local $small v128) (local $halve v128) (local $c v128) (local $f v128)
    (local $hfsq v128) (local $s v128) (local $z v128) (local $r v128) (local $sr v128)
    ;; the high words of x, as i64 lanes (a negative x has its sign bit there, so it is out of range too)
    (local.set $hx (i64x2.shr_u (local.get $x) (i32.const 32)))
    (if (v128.any_true (v128.or
          (i64x2.lt_s (local.get $hx) (v128.const i64x2 0x3e200000 0x3e200000))
          (i64x2.ge_s (local.get $hx) (v128.const i64x2 0x3fefffc0 0x3fefffc0))))
      (then (return (f64x2.replace_lane 1
        (f64x2.splat (call $log1p (f64x2.extract_lane 0 (local.get $x))))
        (call $log1p (f64x2.extract_lane 1 (local.get $x)))))))
    (local.set $small (i64x2.lt_s (local.get $hx) (v128.const i64x2 0x3fda827a 0x3fda827a)))
    (local.set $u (f64x2.add (v128.const f64x2 1 1) (local.get $x)))
    ;; u is below 2, so its k is 0 and c = (x - (u - 1)) / u
    (local.set $c (f64x2.div (f64x2.sub (local.get $x) (f64x2.sub (local.get $u) (v128.const f64x2 1 1))) (local.get $u)))
    (local.set $hu (v128.and (i64x2.shr_u (local.get $u) (i32.const 32)) (v128.const i64x2 0x000fffff 0x000fffff)))
    (local.set $halve (v128.andnot (i64x2.ge_s (local.get $hu) (v128.const i64x2 0x6a09e 0x6a09e)) (local.get $small)))
    ;; u / 2 is s_log1p.c's u with the high word hu | 0x3fe00000: exact
    (local.set $f (v128.bitselect (local.get $x)
      (f64x2.sub (v128.bitselect (f64x2.mul (local.get $u) (v128.const f64x2 0.5 0.5)) (local.get $u) (local.get $halve)) (v128.const f64x2 1 1))
      (local.get $small)))
    (local.set $hfsq (f64x2.mul (f64x2.mul (v128.const f64x2 0.5 0.5) (local.get $f)) (local.get $f)))
    (local.set $s (f64x2.div (local.get $f) (f64x2.add (v128.const f64x2 2 2) (local.get $f))))
    (local.set $z (f64x2.mul (local.get $s) (local.get $s)))
    (local.set $r (f64x2.mul (local.get $z)
      (f64x2.add (v128.const f64x2 6.666666666666735130e-01 6.666666666666735130e-01) (f64x2.mul (local.get $z)
      (f64x2.add (v128.const f64x2 3.999999999940941908e-01 3.999999999940941908e-01) (f64x2.mul (local.get $z)
      (f64x2.add (v128.const f64x2 2.857142874366239149e-01 2.857142874366239149e-01) (f64x2.mul (local.get $z)
      (f64x2.add (v128.const f64x2 2.222219843214978396e-01 2.222219843214978396e-01) (f64x2.mul (local.get $z)
      (f64x2.add (v128.const f64x2 1.818357216161805012e-01 1.818357216161805012e-01) (f64x2.mul (local.get $z)
      (f64x2.add (v128.const f64x2 1.531383769920937332e-01 1.531383769920937332e-01)
        (f64x2.mul (local.get $z) (v128.const f64x2 1.479819860511658591e-01 1.479819860511658591e-01)))))))))))))))
    (local.set $sr (f64x2.mul (local.get $s) (f64x2.add (local.get $hfsq) (local.get $r))))
    ;; k = 1: ln2_hi - ((hfsq - (s (hfsq + R) + (ln2_lo + c))) - f); k = 0: f - (hfsq - s (hfsq + R))
    (v128.bitselect
      (f64x2.sub (v128.const f64x2 6.93147180369123816490e-01 6.93147180369123816490e-01)
        (f64x2.sub
          (f64x2.sub (local.get $hfsq) (f64x2.add (local.get $sr)
            (f64x2.add (v128.const f64x2 1.90821492927058770002e-10 1.90821492927058770002e-10) (local.get $c))))
          (local.get $f)))
      (f64x2.sub (local.get $f) (f64x2.sub (local.get $hfsq) (local.get $sr)))
      (local.get $halve)))

  ;; log1p is FreeBSD msun's s_log1p.c, the log1p that V8's Math.log1p ran up to V8 12 (Node 20: src/base/ieee754.cc),
  ;; branch for branch: the same double operations on the same operands, so the same bits (the tests compare them on
  ;; millions of inputs). Exported for the tests only.
  (func $log1p (export "log1p") (param $x f64) (result f64)
    (local $hx i32) (local $ax i32) (local $k i32) (local $hu i32) (local $dk f64) (local $f f64) (local $c f64) (local $u f64)
    (local $hfsq f64) (local $s f64) (local $z f64) (local $r f64)
    (local.set $hx (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $x)) (i64.const 32))))
    (local.set $ax (i32.and (local.get $hx) (i32.const 0x7fffffff)))
    (local.set $k (i32.const 1))
    ;; 1 + x < sqrt(2)
    (if (i32.lt_s (local.get $hx) (i32.const 0x3fda827a))
      (then
        ;; x <= -1: -Infinity at -1, NaN below
        (if (i32.ge_u (local.get $ax) (i32.const 0x3ff00000))
          (then (return (select (f64.const -inf) (f64.const nan) (f64.eq (local.get $x) (f64.const -1))))))
        ;; |x| < 2^-29: x below 2^-54, else x - x^2 / 2
        (if (i32.lt_u (local.get $ax) (i32.const 0x3e200000))
          (then (return (select (local.get $x)
            (f64.sub (local.get $x) (f64.mul (f64.mul (local.get $x) (local.get $x)) (f64.const 0.5)))
            (i32.lt_u (local.get $ax) (i32.const 0x3c900000))))))
        ;; sqrt(2)/2 <= 1 + x < sqrt(2): f = x exactly
        (if (i32.or (i32.gt_s (local.get $hx) (i32.const 0)) (i32.le_s (local.get $hx) (i32.const 0xbfd2bec4)))
          (then
            (local.set $k (i32.const 0))
            (local.set $f (local.get $x))
            (local.set $hu (i32.const 1))))))
    ;; Infinity and NaN
    (if (i32.ge_s (local.get $hx) (i32.const 0x7ff00000)) (then (return (f64.add (local.get $x) (local.get $x)))))
    ;; 1 + x = 2^k (1 + f), with a correction term c for the rounding of 1 + x
    (if (local.get $k)
      (then
        (if (i32.lt_s (local.get $hx) (i32.const 0x43400000))
          (then
            (local.set $u (f64.add (f64.const 1) (local.get $x)))
            (local.set $hu (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $u)) (i64.const 32))))
            (local.set $k (i32.sub (i32.shr_s (local.get $hu) (i32.const 20)) (i32.const 1023)))
            (local.set $c (f64.div
              (select
                (f64.sub (f64.const 1) (f64.sub (local.get $u) (local.get $x)))
                (f64.sub (local.get $x) (f64.sub (local.get $u) (f64.const 1)))
                (i32.gt_s (local.get $k) (i32.const 0)))
              (local.get $u))))
          (else
            (local.set $u (local.get $x))
            (local.set $hu (local.get $hx))
            (local.set $k (i32.sub (i32.shr_s (local.get $hu) (i32.const 20)) (i32.const 1023)))
            (local.set $c (f64.const 0))))
        (local.set $hu (i32.and (local.get $hu) (i32.const 0x000fffff)))
        ;; u's mantissa below sqrt(2): u itself; above: u / 2
        (if (i32.lt_s (local.get $hu) (i32.const 0x6a09e))
          (then (local.set $u (call $withHighWord (local.get $u) (i32.or (local.get $hu) (i32.const 0x3ff00000)))))
          (else
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (local.set $u (call $withHighWord (local.get $u) (i32.or (local.get $hu) (i32.const 0x3fe00000))))
            (local.set $hu (i32.shr_s (i32.sub (i32.const 0x00100000) (local.get $hu)) (i32.const 2)))))
        (local.set $f (f64.sub (local.get $u) (f64.const 1)))))
    (local.set $hfsq (f64.mul (f64.mul (f64.const 0.5) (local.get $f)) (local.get $f)))
    (local.set $dk (f64.convert_i32_s (local.get $k)))
    ;; |f| < 2^-20
    (if (i32.eqz (local.get $hu))
      (then
        (if (f64.eq (local.get $f) (f64.const 0))
          (then
            (if (i32.eqz (local.get $k)) (then (return (f64.const 0))))
            (return (f64.add (f64.mul (local.get $dk) (f64.const 6.93147180369123816490e-01))
              (f64.add (local.get $c) (f64.mul (local.get $dk) (f64.const 1.90821492927058770002e-10)))))))
        (local.set $r (f64.mul (local.get $hfsq) (f64.sub (f64.const 1) (f64.mul (f64.const 0.66666666666666666) (local.get $f)))))
        (if (i32.eqz (local.get $k)) (then (return (f64.sub (local.get $f) (local.get $r)))))
        (return (f64.sub (f64.mul (local.get $dk) (f64.const 6.93147180369123816490e-01))
          (f64.sub (f64.sub (local.get $r) (f64.add (f64.mul (local.get $dk) (f64.const 1.90821492927058770002e-10)) (local.get $c))) (local.get $f))))))
    (local.set $s (f64.div (local.get $f) (f64.add (f64.const 2) (local.get $f))))
    (local.set $z (f64.mul (local.get $s) (local.get $s)))
    (local.set $r (f64.mul (local.get $z)
      (f64.add (f64.const 6.666666666666735130e-01) (f64.mul (local.get $z)
      (f64.add (f64.const 3.999999999940941908e-01) (f64.mul (local.get $z)
      (f64.add (f64.const 2.857142874366239149e-01) (f64.mul (local.get $z)
      (f64.add (f64.const 2.222219843214978396e-01) (f64.mul (local.get $z)
      (f64.add (f64.const 1.818357216161805012e-01) (f64.mul (local.get $z)
      (f64.add (f64.const 1.531383769920937332e-01) (f64.mul (local.get $z) (f64.const 1.479819860511658591e-01)))))))))))))))
    (if (i32.eqz (local.get $k))
      (then (return (f64.sub (local.get $f) (f64.sub (local.get $hfsq) (f64.mul (local.get $s) (f64.add (local.get $hfsq) (local.get $r))))))))
    (f64.sub (f64.mul (local.get $dk) (f64.const 6.93147180369123816490e-01))
      (f64.sub
        (f64.sub (local.get $hfsq) (f64.add (f64.mul (local.get $s) (f64.add (local.get $hfsq) (local.get $r)))
          (f64.add (f64.mul (local.get $dk) (f64.const 1.90821492927058770002e-10)) (local.get $c))))
        (local.get $f))))

  ;; x with its high 32 bits replaced by hi
  (func $withHighWord (param $x f64) (param $hi i32) (result f64)
    (f64.reinterpret_i64 (i64.or
      (i64.and (i64.reinterpret_f64 (local.get $x)) (i64.const 0xffffffff))
      (i64.shl (i64.extend_i32_u (local.get $hi)) (i64.const 32)))))

  ;; codeRows writes the i32 code of each of $rows rows of $features f64 values (row-major at $values) to $out (the same
  ;; layout): a value's code is the count of its feature's cuts below it, found in halving steps that select rather
  ;; than branch, over the feature's cuts padded with +Infinity to 2 half - 1 slots (f64 at the i32 address at
  ;; $tables + 4 f, half an i32 at $halves + 4 f); NaN gets 1 << 30 (tree-walk.ts's MISSING_CODE). The same search
  ;; as tree-walk.ts wrote in JavaScript, where a bounds check on each step and a boolean turned into a number made
  ;; it some 50 ns a value.
  (func (export "codeRows") (param $values i32) (param $rows i32) (param $features i32) (param $tables i32) (param $halves i32) (param $out i32)
    (local $f i32) (local $r i32) (local $table i32) (local $half i32) (local $s i32) (local $p i32) (local $at i32) (local $x f64)
    (block $featuresDone
      (loop $eachFeature
        (br_if $featuresDone (i32.ge_u (local.get $f) (local.get $features)))
        ;; slot k of the table at $table + 8 k, so slot p + s - 1 at $table - 8 + 8 (p + s)
        (local.set $table (i32.sub (i32.load (i32.add (local.get $tables) (i32.shl (local.get $f) (i32.const 2)))) (i32.const 8)))
        (local.set $half (i32.load (i32.add (local.get $halves) (i32.shl (local.get $f) (i32.const 2)))))
        (local.set $r (i32.const 0))
        (block $rowsDone
          (loop $eachRow
            (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
            (local.set $at (i32.shl (i32.add (i32.mul (local.get $r) (local.get $features)) (local.get $f)) (i32.const 2)))
            (local.set $x (f64.load (i32.add (local.get $values) (i32.shl (local.get $at) (i32.const 1)))))
            (local.set $p (i32.const 0))
            (local.set $s (local.get $half))
            (block $stepsDone
              (loop $steps
                (br_if $stepsDone (i32.eqz (local.get $s)))
                (local.set $p (i32.add (local.get $p) (select (local.get $s) (i32.const 0)
                  (f64.lt (f64.load (i32.add (local.get $table) (i32.shl (i32.add (local.get $p) (local.get $s)) (i32.const 3)))) (local.get $x)))))
                (local.set $s (i32.shr_u (local.get $s) (i32.const 1)))
                (br $steps)))
            (i32.store (i32.add (local.get $out) (local.get $at))
              (select (i32.const 0x40000000) (local.get $p) (f64.ne (local.get $x) (local.get $x))))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $eachRow)))
        (local.set $f (i32.add (local.get $f) (i32.const 1)))
        (br $eachFeature))))
)
