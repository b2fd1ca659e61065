using System.Buffers;
using System.Runtime.CompilerServices;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Memory;

namespace CredentialHub.Bn254.Msm;

/// <summary>
/// The buckets of one Pippenger window, filled with batched affine additions.
///
/// A bucket holds an affine point. Adding P to a bucket Q with the affine formulas
///   λ = (y_P − y_Q)/(x_P − x_Q),  x = λ² − (x_Q + x_P),  y = λ(x_Q − x) − y_Q
/// needs one inversion; a batch of independent additions shares it through Montgomery's trick
/// (prefix products, one inversion, a backward pass), so an addition costs 6 multiplications
/// (1 prefix, 2 backward, λ, λ², y) plus 1/batch of an inversion, against 11 for a mixed Jacobian
/// addition. Scheduling stages each addition as (denominator, numerator, x_Q + x_P, x_Q, y_Q), which
/// also covers a doubling (2y, 3x², 2x, x, y); on AVX-512 the batch then runs eight additions at a
/// time in lanes (<see cref="MontgomeryLanes{M}"/> for G1, <see cref="Fp2Lanes"/> for G2), each lane
/// keeping its own prefix chain, with the scalar executor as the twin.
/// Two additions to the same bucket are not independent, so a batch takes at most one per bucket: a
/// later one waits in a queue and enters the next batch (the scheduling of gnark-crypto's
/// multiexp_affine.go; affine bucket additions with simultaneous inversion go back to Bernstein,
/// Doumen, Lange and Oosterwijk, "Faster batch forgery identification", INDOCRYPT 2012).
/// When the queue is full the batch runs early, as long as it is large enough to pay its inversion;
/// otherwise, and at the end for what still conflicts, a point goes to the bucket's Jacobian overflow
/// twin instead. The twins are folded back into the affine buckets at the end, so the reduction of a
/// batched window sees affine buckets only.
/// Exceptional cases are settled when an addition is scheduled, while the bucket's value is final:
/// an empty bucket just takes P, Q = −P empties it, and Q = P enters the batch as a doubling
/// (λ = 3x²/2y). With a batch size below <see cref="WindowCostModel.MinimumBatch"/> every point goes to the
/// overflow twins directly: such batches would not pay their inversion.
/// Points are referred to by index into the caller's pinned array; a negative index ~i means −P_i.
/// One instance serves one thread for many windows: arrays are rented once and reused. Not constant time.
/// </summary>
internal sealed unsafe partial class BucketAccumulator<F, TAffine, TCoordinates> : IDisposable
    where F : struct, IField<F>
    where TAffine : unmanaged
    where TCoordinates : struct, IAffineCoordinates<F, TAffine>
{
    private const byte AffinePart = 1;
    private const byte OverflowPart = 2;

    private readonly TAffine* _points;
    private readonly int _bucketCapacity;
    private readonly int _batchCapacity;

    private readonly AffinePoint[] _buckets;
    private readonly JacobianPoint<F>[] _overflow;
    private readonly byte[] _state;

    /// <summary>_stamp[b] == _epoch while bucket b has an addition in the current batch.</summary>
    private readonly int[] _stamp;
    private int _epoch = 1;

    /// <summary>The staged additions: bucket ← (x_Q, y_Q) + P with λ = numerator/denominator, x = λ² − sum.</summary>
    private readonly int[] _batchBucket;
    private readonly F[] _denominators;
    private readonly F[] _numerators;
    private readonly F[] _sums;
    private readonly F[] _qx;
    private readonly F[] _qy;
    private readonly F[] _prefix;
    private readonly LaneKind _lanes;
    private int _batchCount;

    private readonly int[] _queueBucket;
    private readonly int[] _queuePoint;
    private int _queueCount;

    private int _bucketCount;
    private int _batchSize;
    private int _top;

    private struct AffinePoint
    {
        public F X, Y;
    }

    /// <param name="useVectors">Run the batches in AVX-512 lanes when the field is Fp and the CPU has AVX-512.</param>
    internal BucketAccumulator(TAffine* points, int bucketCapacity, int batchCapacity, bool useVectors)
    {
        _points = points;
        _bucketCapacity = bucketCapacity;
        _batchCapacity = batchCapacity;
        _buckets = ArrayPool<AffinePoint>.Shared.Rent(bucketCapacity);
        _overflow = ArrayPool<JacobianPoint<F>>.Shared.Rent(bucketCapacity);
        _state = ArrayPool<byte>.Shared.Rent(bucketCapacity);
        _stamp = ArrayPool<int>.Shared.Rent(bucketCapacity);
        LargeArrays.Prefault(_buckets, bucketCapacity);
        LargeArrays.Prefault(_overflow, bucketCapacity);
        Array.Clear(_stamp);
        // Room to pad the last group of eight.
        int batch = Math.Max(1, batchCapacity) + Lanes<F>.Count;
        _batchBucket = ArrayPool<int>.Shared.Rent(batch);
        _denominators = ArrayPool<F>.Shared.Rent(batch);
        _numerators = ArrayPool<F>.Shared.Rent(batch);
        _sums = ArrayPool<F>.Shared.Rent(batch);
        _qx = ArrayPool<F>.Shared.Rent(batch);
        _qy = ArrayPool<F>.Shared.Rent(batch);
        _prefix = ArrayPool<F>.Shared.Rent(batch);
        _queueBucket = ArrayPool<int>.Shared.Rent(batch);
        _queuePoint = ArrayPool<int>.Shared.Rent(batch);
        _lanes = LanesFor(useVectors);
    }

    /// <summary>Which lanes run the batches and reductions: none, or the lanes of the coordinate field.</summary>
    private enum LaneKind
    {
        None,
        Fp,
        Fp2,
    }

    private static LaneKind LanesFor(bool useVectors) =>
        !useVectors || !MontgomeryLanes<FpLaneModulus>.IsSupported ? LaneKind.None
        : typeof(F) == typeof(Fp) ? LaneKind.Fp
        : typeof(F) == typeof(Fp2) ? LaneKind.Fp2
        : LaneKind.None;

    /// <summary>True when batches and reductions run in AVX-512 lanes: G1 and G2 on a CPU with AVX-512.</summary>
    internal static bool Vectorizes(bool useVectors) => LanesFor(useVectors) != LaneKind.None;

    /// <summary>Empties the first bucketCount buckets; batchSize below <see cref="WindowCostModel.MinimumBatch"/> means no batching.</summary>
    internal void Begin(int bucketCount, int batchSize)
    {
        if (bucketCount > _bucketCapacity || batchSize > _batchCapacity)
        {
            throw new ArgumentOutOfRangeException(nameof(bucketCount), "the accumulator was rented for fewer buckets");
        }
        _bucketCount = bucketCount;
        _batchSize = batchSize >= WindowCostModel.MinimumBatch ? batchSize : 0;
        Array.Clear(_state, 0, bucketCount);
        _top = -1;
        _batchCount = 0;
        _queueCount = 0;
        _epoch++;
    }

    /// <summary>Bucket ← bucket + P_point (or − P_~point when point is negative).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Add(int bucket, int point)
    {
        if (bucket > _top)
        {
            _top = bucket;
        }
        if (_batchSize == 0)
        {
            AddToOverflow(bucket, point);
            return;
        }
        if (_stamp[bucket] == _epoch)
        {
            if (Enqueue(bucket, point))
            {
                return;
            }
            // Many points for few buckets (the top window, repeated small scalars): run the batch early
            // while it still pays its inversion, so that the queue drains into the next one.
            if (_batchCount < WindowCostModel.MinimumBatch)
            {
                AddToOverflow(bucket, point);
                return;
            }
            Flush();
            if (_stamp[bucket] == _epoch)
            {
                if (!Enqueue(bucket, point))
                {
                    AddToOverflow(bucket, point);
                }
                return;
            }
        }
        LoadPoint(point, out F x, out F y);
        Schedule(bucket, x, y);
        if (_batchCount == _batchSize)
        {
            Flush();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Enqueue(int bucket, int point)
    {
        if (_queueCount == _batchSize)
        {
            return false;
        }
        _queueBucket[_queueCount] = bucket;
        _queuePoint[_queueCount++] = point;
        return true;
    }

    /// <summary>Performs every pending addition, leaving every bucket affine (or empty).</summary>
    internal void Complete()
    {
        if (_batchSize == 0)
        {
            return;
        }
        while (_batchCount >= WindowCostModel.MinimumBatch)
        {
            Flush();
        }
        if (_batchCount > 0)
        {
            Execute();
        }
        // What still waits conflicts with itself (many points for few buckets): one mixed addition each.
        for (int i = 0; i < _queueCount; i++)
        {
            AddToOverflow(_queueBucket[i], _queuePoint[i]);
        }
        _queueCount = 0;
        FoldOverflow();
    }

    /// <summary>
    /// Adds every overflow twin into its affine bucket: the twins are made affine together (one inversion
    /// for Z), then added as one batch, which cannot conflict because the buckets are distinct.
    /// </summary>
    private void FoldOverflow()
    {
        int[] buckets = _queueBucket;
        int pending = 0;
        for (int b = 0; b <= _top; b++)
        {
            if ((_state[b] & OverflowPart) == 0)
            {
                continue;
            }
            _state[b] &= unchecked((byte)~OverflowPart);
            if (_overflow[b].IsIdentity)
            {
                continue;
            }
            buckets[pending++] = b;
            if (pending == _batchSize)
            {
                FoldOverflow(pending);
                pending = 0;
            }
        }
        if (pending > 0)
        {
            FoldOverflow(pending);
        }
    }

    private void FoldOverflow(int count)
    {
        int[] buckets = _queueBucket;
        F[] inverses = _prefix;
        F product = F.One;
        for (int i = 0; i < count; i++)
        {
            inverses[i] = product;
            product *= _overflow[buckets[i]].Z;
        }
        F inverse = product.Inverse();
        for (int i = count - 1; i >= 0; i--)
        {
            F z = _overflow[buckets[i]].Z;
            inverses[i] = inverse * inverses[i];
            inverse *= z;
        }
        for (int i = 0; i < count; i++)
        {
            ref JacobianPoint<F> o = ref _overflow[buckets[i]];
            F zInverseSquared = inverses[i].Square();
            Schedule(buckets[i], o.X * zInverseSquared, o.Y * zInverseSquared * inverses[i]);
        }
        if (_batchCount > 0)
        {
            Execute();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void LoadPoint(int point, out F x, out F y)
    {
        if (point >= 0)
        {
            x = TCoordinates.X(_points[point]);
            y = TCoordinates.Y(_points[point]);
        }
        else
        {
            x = TCoordinates.X(_points[~point]);
            y = -TCoordinates.Y(_points[~point]);
        }
    }

    /// <summary>Settles the exceptional cases or stages the addition in the batch; the bucket is not in the batch.</summary>
    private void Schedule(int bucket, in F x, in F y)
    {
        ref AffinePoint q = ref _buckets[bucket];
        ref byte state = ref _state[bucket];
        if ((state & AffinePart) == 0)
        {
            q.X = x;
            q.Y = y;
            state |= AffinePart;
            return;
        }
        int slot = _batchCount;
        if (q.X == x)
        {
            if (q.Y != y)
            {
                state &= unchecked((byte)~AffinePart);
                return;
            }
            F xx = x.Square();
            _denominators[slot] = y.Double();
            _numerators[slot] = xx.Double() + xx;
            _sums[slot] = x.Double();
        }
        else
        {
            _denominators[slot] = x - q.X;
            _numerators[slot] = y - q.Y;
            _sums[slot] = x + q.X;
        }
        _qx[slot] = q.X;
        _qy[slot] = q.Y;
        _batchBucket[slot] = bucket;
        _stamp[bucket] = _epoch;
        _batchCount = slot + 1;
    }

    /// <summary>Executes the batch, then moves every queued addition whose bucket is free into the next one.</summary>
    private void Flush()
    {
        Execute();
        int kept = 0;
        for (int i = 0; i < _queueCount; i++)
        {
            int b = _queueBucket[i], p = _queuePoint[i];
            if (_stamp[b] == _epoch || _batchCount == _batchSize)
            {
                _queueBucket[kept] = b;
                _queuePoint[kept++] = p;
            }
            else
            {
                LoadPoint(p, out F x, out F y);
                Schedule(b, x, y);
            }
        }
        _queueCount = kept;
    }

    /// <summary>All additions of the batch with one inversion (Montgomery's trick).</summary>
    private void Execute()
    {
        switch (_lanes)
        {
            case LaneKind.Fp:
                ExecuteInLanes<MontgomeryLanes<FpLaneModulus>>();
                break;
            case LaneKind.Fp2:
                ExecuteInLanes<Fp2Lanes>();
                break;
            default:
                ExecuteScalars();
                break;
        }
        _batchCount = 0;
        _epoch++;
    }

    private void ExecuteScalars()
    {
        int count = _batchCount;
        F[] denominators = _denominators, prefix = _prefix;
        F product = F.One;
        for (int i = 0; i < count; i++)
        {
            prefix[i] = product;
            product *= denominators[i];
        }
        F inverse = product.Inverse();
        for (int i = count - 1; i >= 0; i--)
        {
            F inverseDenominator = inverse * prefix[i];
            inverse *= denominators[i];
            F lambda = _numerators[i] * inverseDenominator;
            F x = lambda.Square() - _sums[i];
            ref AffinePoint q = ref _buckets[_batchBucket[i]];
            q.Y = lambda * (_qx[i] - x) - _qy[i];
            q.X = x;
        }
    }

    /// <summary>
    /// The batch in groups of eight: lane j of group g holds addition 8g + j, and each lane runs its own
    /// prefix chain, so the products of a step are independent. The eight lane products are inverted
    /// together in scalar code (one inversion, a few multiplications), then the backward pass and the
    /// formulas run in the lanes. The last group is padded with 1/1 additions whose results are dropped.
    /// The prefix products are kept in scalar form in _prefix, eight per group.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ExecuteInLanes<TLanes>() where TLanes : struct, IFieldLanes<TLanes>
    {
        const int lanes = Lanes<F>.Count;
        int count = _batchCount;
        int groups = (count + lanes - 1) / lanes;
        for (int i = count; i < groups * lanes; i++)
        {
            _denominators[i] = F.One;
            _numerators[i] = _sums[i] = _qx[i] = _qy[i] = F.Zero;
        }
        TLanes product = TLanes.One;
        for (int g = 0; g < groups; g++)
        {
            product.Store(ref _prefix[g * lanes]);
            TLanes.Multiply(product, TLanes.Load(in _denominators[g * lanes]), out product);
        }
        TLanes inverse = InvertLanes(product);
        for (int g = groups - 1; g >= 0; g--)
        {
            int first = g * lanes;
            TLanes.Multiply(inverse, TLanes.Load(in _prefix[first]), out TLanes inverseDenominator);
            TLanes.Multiply(inverse, TLanes.Load(in _denominators[first]), out inverse);
            TLanes.Multiply(TLanes.Load(in _numerators[first]), inverseDenominator, out TLanes lambda);
            TLanes.Square(lambda, out TLanes lambdaSquared);
            TLanes.Subtract(lambdaSquared, TLanes.Load(in _sums[first]), out TLanes x);
            TLanes.Subtract(TLanes.Load(in _qx[first]), x, out TLanes dx);
            TLanes.Multiply(lambda, dx, out TLanes ly);
            TLanes.Subtract(ly, TLanes.Load(in _qy[first]), out TLanes y);
            x.Store(ref _qx[first]);
            y.Store(ref _qy[first]);
            for (int i = first, end = Math.Min(count, first + lanes); i < end; i++)
            {
                ref AffinePoint q = ref _buckets[_batchBucket[i]];
                q.X = _qx[i];
                q.Y = _qy[i];
            }
        }
    }

    /// <summary>The inverse of each lane, with one scalar inversion for all eight.</summary>
    private static TLanes InvertLanes<TLanes>(in TLanes values) where TLanes : struct, IFieldLanes<TLanes>
    {
        Lanes<F> lanes = default, prefix = default;
        values.Store(ref lanes[0]);
        F product = F.One;
        for (int j = 0; j < Lanes<F>.Count; j++)
        {
            prefix[j] = product;
            product *= lanes[j];
        }
        F inverse = product.Inverse();
        for (int j = Lanes<F>.Count - 1; j >= 0; j--)
        {
            F lane = lanes[j];
            lanes[j] = inverse * prefix[j];
            inverse *= lane;
        }
        return TLanes.Load(in lanes[0]);
    }

    private void AddToOverflow(int bucket, int point)
    {
        LoadPoint(point, out F x, out F y);
        AddToOverflow(bucket, x, y);
    }

    private void AddToOverflow(int bucket, in F x, in F y)
    {
        ref byte state = ref _state[bucket];
        ref JacobianPoint<F> o = ref _overflow[bucket];
        if ((state & OverflowPart) == 0)
        {
            o.X = x;
            o.Y = y;
            o.Z = F.One;
            state |= OverflowPart;
            return;
        }
        o.AddAffine(x, y);
    }

    public void Dispose()
    {
        ArrayPool<AffinePoint>.Shared.Return(_buckets);
        ArrayPool<JacobianPoint<F>>.Shared.Return(_overflow);
        ArrayPool<byte>.Shared.Return(_state);
        ArrayPool<int>.Shared.Return(_stamp);
        ArrayPool<int>.Shared.Return(_batchBucket);
        ArrayPool<F>.Shared.Return(_denominators);
        ArrayPool<F>.Shared.Return(_numerators);
        ArrayPool<F>.Shared.Return(_sums);
        ArrayPool<F>.Shared.Return(_qx);
        ArrayPool<F>.Shared.Return(_qy);
        ArrayPool<F>.Shared.Return(_prefix);
        ArrayPool<int>.Shared.Return(_queueBucket);
        ArrayPool<int>.Shared.Return(_queuePoint);
    }
}
