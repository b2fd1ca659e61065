using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Curves;

/// <summary>
/// Fixed-base scalar multiplication over any field of the tower: for a point P used many times, the
/// affine multiples d·2^(c·j)·P for every c-bit window j and digit d = 1..2^c − 1, so [k]P costs at most
/// ⌈256/c⌉ mixed additions and no doubling. c = 4 keeps 960 points per base (a verification key's IC);
/// c = 8 keeps 8160 and halves the additions again (the dev setup's generators). Not constant time.
/// </summary>
internal sealed class FixedBaseTable<F> where F : struct, IField<F>
{
    private readonly int _windowBits;
    private readonly int _windows;
    private readonly int _digits;
    private readonly F[] _x;
    private readonly F[] _y;

    internal FixedBaseTable(F x, F y, bool isIdentity, int windowBits)
    {
        if (windowBits is < 1 or > 16 || 64 % windowBits != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(windowBits), "window must divide 64 and lie in 1..16");
        }
        _windowBits = windowBits;
        _windows = 256 / windowBits;
        _digits = (1 << windowBits) - 1;
        int count = _windows * _digits;
        var jx = new F[count];
        var jy = new F[count];
        var jz = new F[count];
        if (isIdentity)
        {
            _x = new F[count];
            _y = new F[count];
            return;
        }
        F bx = x, by = y, bz = F.One;
        for (int j = 0; j < _windows; j++)
        {
            F ax = bx, ay = by, az = bz;
            for (int d = 0; d < _digits; d++)
            {
                int at = j * _digits + d;
                jx[at] = ax; jy[at] = ay; jz[at] = az;
                ShortWeierstrass<F>.Add(ax, ay, az, bx, by, bz, out ax, out ay, out az);
            }
            bx = ax; by = ay; bz = az;
        }
        BatchToAffine(jx, jy, jz);
        _x = jx;
        _y = jy;
    }

    /// <summary>Replaces (X, Y, Z) by the affine (x, y) in place with one inversion; the identity becomes (0, 0).</summary>
    internal static void BatchToAffine(Span<F> xs, Span<F> ys, Span<F> zs)
    {
        FieldMath.BatchInverse(zs);
        for (int i = 0; i < zs.Length; i++)
        {
            if (zs[i].IsZero)
            {
                xs[i] = F.Zero;
                ys[i] = F.Zero;
                continue;
            }
            F zinv2 = zs[i].Square();
            xs[i] *= zinv2;
            ys[i] *= zinv2 * zs[i];
        }
    }

    /// <summary>[kᵢ]P for every scalar, in parallel chunks, as affine coordinates (identity = (0, 0)).</summary>
    internal void MultiplyAll(ReadOnlySpan<Fr> scalars, CancellationToken cancellationToken, out F[] xs, out F[] ys)
    {
        const int chunk = 4096;
        var x = new F[scalars.Length];
        var y = new F[scalars.Length];
        var z = new F[scalars.Length];
        var ks = scalars.ToArray();
        int chunks = (ks.Length + chunk - 1) / chunk;
        Parallel.For(0, chunks, new ParallelOptions { CancellationToken = cancellationToken }, c =>
        {
            int from = c * chunk, to = Math.Min(ks.Length, from + chunk);
            for (int i = from; i < to; i++)
            {
                ks[i].ToCanonical(out ulong l0, out ulong l1, out ulong l2, out ulong l3);
                Multiply(l0, l1, l2, l3, out x[i], out y[i], out z[i]);
            }
            BatchToAffine(x.AsSpan(from, to - from), y.AsSpan(from, to - from), z.AsSpan(from, to - from));
        });
        Array.Clear(ks);
        xs = x;
        ys = y;
    }

    /// <summary>[k]P for k given as canonical little-endian limbs.</summary>
    internal void Multiply(ulong l0, ulong l1, ulong l2, ulong l3, out F x, out F y, out F z)
    {
        Span<ulong> limbs = [l0, l1, l2, l3];
        int perLimb = 64 / _windowBits;
        ShortWeierstrass<F>.SetInfinity(out x, out y, out z);
        for (int j = 0; j < _windows; j++)
        {
            int digit = (int)((limbs[j / perLimb] >> (_windowBits * (j % perLimb))) & (ulong)_digits);
            if (digit != 0)
            {
                int at = j * _digits + digit - 1;
                ShortWeierstrass<F>.AddMixed(x, y, z, _x[at], _y[at], out x, out y, out z);
            }
        }
    }
}
