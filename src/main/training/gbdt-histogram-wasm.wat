;; The binning, histogram, partition and leaf-value kernels of boosted trees (compiled by scripts/build-wasm.ts into gbdt-histogram-wasm-bytes.ts).
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
)
