using System.Globalization;
using System.Numerics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Msm;
using CredentialHub.Groth16.Formats;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// The initial phase-2 key of a circuit from a phase-2-prepared powers of tau, byte for byte what
/// <c>snarkjs groth16 setup</c> writes (snarkjs src/zkey_new.js): the domain 2^cirPower with cirPower =
/// ⌊log2(m + nPublic)⌋ + 1; α, β from the ptau, γ = δ = the generators; A, B1, B2 = Σ coef·L_row(τ) over each signal's
/// terms (plus the public-input rows A[m + s][s] = 1), IC and C = Σ coef·(β·L(τ) for A, α·L(τ) for B, L(τ) for C);
/// H = the odd points of the Lagrange block 2^(cirPower+1); sections in snarkjs's order 1, 2, 4, 3, 9, 8, 5, 6, 7, 10;
/// and the circuit hash, BLAKE2b-512 over the header points, IC, the points τ^(i+n)·G1 − τ^i·G1, C, A, B1 and B2 in
/// U form, each list after its big-endian u32 length. The points are computed in parallel.
/// </summary>
internal static class Phase2Setup
{
    private const byte TauG1 = 0;
    private const byte TauG2 = 1;
    private const byte AlphaTauG1 = 2;
    private const byte BetaTauG1 = 3;

    /// <summary>snarkjs hashes the H differences in chunks of this many points (zkey_new.js hashHPoints).</summary>
    private const int HashChunk = 1 << 14;

    private const int Block = 256;

    /// <summary>Base-16 windows of a scalar below 2^253 (the shorter of c and r − c), and the powers 16^i·P kept per base.</summary>
    private const int Windows = 64;

    /// <summary>
    /// A point of at least this many terms (the constant signal's, often) is one multi-scalar multiplication on all cores;
    /// the others are computed term by term, many points side by side. Settable so that tests run both paths on small circuits:
    /// the value set holds for the setting test's own flow (its tasks and parallel loops) only, so that keys built at the same
    /// time by other tests see the default, never a value changed half-way through their build.
    /// </summary>
    internal static int ManyTerms
    {
        get => ManyTermsOverride.Value ?? DefaultManyTerms;
        set => ManyTermsOverride.Value = value;
    }

    private const int DefaultManyTerms = 256;

    private static readonly AsyncLocal<int?> ManyTermsOverride = new();

    /// <summary>The initial key of the r1cs and the ptau, written to <paramref name="zkey"/> as snarkjs writes it.</summary>
    internal static InitialKeyInfo Create(Stream r1csStream, string r1csName, PowersOfTau ptau, Stream zkey, CancellationToken cancellationToken)
    {
        var initial = Build(r1csStream, r1csName, ptau, cancellationToken);
        Write(initial, zkey);
        return initial.Info;
    }

    /// <summary>The initial key, its raw header points and its circuit hash, before it is written.</summary>
    /// <param name="Key">The key (δ = the generators, section 10 the circuit hash and no contribution).</param>
    /// <param name="Alpha1">α₁ as the ptau holds it (checked canonical and on its curve).</param>
    /// <param name="Beta1">β₁, likewise.</param>
    /// <param name="Beta2">β₂, likewise.</param>
    /// <param name="Info">The circuit hash and the powers.</param>
    internal sealed record InitialKey(ProvingKey Key, byte[] Alpha1, byte[] Beta1, byte[] Beta2, InitialKeyInfo Info);

    /// <summary>The initial key of the r1cs and the ptau, in memory (what <see cref="Create"/> writes).</summary>
    internal static InitialKey Build(Stream r1csStream, string r1csName, PowersOfTau ptau, CancellationToken cancellationToken)
    {
        var (r1csFile, header) = R1csFile.OpenHeader(r1csStream, r1csName);
        int nPublic = header.NPublic;
        int nVars = header.NWires;
        int m = header.NConstraints;
        long rows = (long)m + nPublic;
        int cirPower = rows <= 0 ? 1 : 64 - BitOperations.LeadingZeroCount((ulong)rows);
        if (cirPower > ptau.Power)
        {
            throw ptau.File.Error(null, string.Create(CultureInfo.InvariantCulture,
                $"too small for {r1csName}: the circuit needs powers of tau 2^{cirPower} ({rows + 1:N0} rows: {m:N0} constraints and {nPublic + 1:N0} for the public signals); {ptau.Name} has 2^{ptau.Power}"));
        }
        if (!ptau.Prepared)
        {
            throw ptau.File.Error(null, "is not prepared for phase 2: it has no Lagrange sections 12–15 (run `snarkjs powersoftau prepare phase2` on it)");
        }
        int domainSize = 1 << cirPower;
        if (HashedDifferenceCount(domainSize) + domainSize > (2L << ptau.Power) - 1)
        {
            // snarkjs's circuit hash then takes in 64 bytes past the end of section 2 (the next section's header) as a
            // point, through its WebAssembly field arithmetic on values not below q, which this does not reproduce.
            throw ptau.File.Error(null, string.Create(CultureInfo.InvariantCulture,
                $"has power 2^{ptau.Power}, the circuit's own domain: from 2^15 on, snarkjs's circuit hash then reads a point past the end of section 2, which this setup does not reproduce; use a ptau of power 2^{cirPower + 1} or more (the key is then the same as snarkjs's), or snarkjs groth16 setup"));
        }

        // The r1cs, read once: the coefficients section's entries and every point's terms.
        var coefficients = new List<ZkeyCoefficient>();
        var a = new List<Phase2Term>();
        var b = new List<Phase2Term>();
        var icc = new List<Phase2Term>();
        R1csFile.ForEachConstraint(r1csFile, header, (c, sa, sb, sc) =>
        {
            foreach (var term in sa)
            {
                a.Add(new Phase2Term(term.Wire, c, TauG1, term.Coefficient));
                icc.Add(new Phase2Term(term.Wire, c, BetaTauG1, term.Coefficient));
                coefficients.Add(new ZkeyCoefficient(0, c, term.Wire, term.Coefficient));
            }
            foreach (var term in sb)
            {
                b.Add(new Phase2Term(term.Wire, c, TauG1, term.Coefficient));
                icc.Add(new Phase2Term(term.Wire, c, AlphaTauG1, term.Coefficient));
                coefficients.Add(new ZkeyCoefficient(1, c, term.Wire, term.Coefficient));
            }
            foreach (var term in sc)
            {
                icc.Add(new Phase2Term(term.Wire, c, TauG1, term.Coefficient));
            }
        }, cancellationToken);
        for (int s = 0; s <= nPublic; s++)
        {
            a.Add(new Phase2Term(s, m + s, TauG1, Fr.One));
            icc.Add(new Phase2Term(s, m + s, BetaTauG1, Fr.One));
            coefficients.Add(new ZkeyCoefficient(0, m + s, s, Fr.One));
        }

        // The points of the ptau this key is made from, each checked as it is read.
        byte[] alpha1 = ReadRawG1(ptau, PowersOfTau.AlphaTauG1, "alpha (alphaTauG1[0])");
        byte[] beta1 = ReadRawG1(ptau, PowersOfTau.BetaTauG1, "beta (betaTauG1[0])");
        byte[] beta2 = ReadRawG2(ptau, PowersOfTau.BetaG2, "betaG2");
        var g1Bases = new G1Affine[4][];
        g1Bases[TauG1] = ptau.ReadLagrangeG1(PowersOfTau.LagrangeTauG1, cirPower, "Lagrange tauG1");
        g1Bases[AlphaTauG1] = ptau.ReadLagrangeG1(PowersOfTau.LagrangeAlphaTauG1, cirPower, "Lagrange alphaTauG1");
        g1Bases[BetaTauG1] = ptau.ReadLagrangeG1(PowersOfTau.LagrangeBetaTauG1, cirPower, "Lagrange betaTauG1");
        var g2Bases = new G2Affine[2][];
        g2Bases[TauG2] = ptau.ReadLagrangeG2(cirPower, "Lagrange tauG2");
        var h = ReadH(ptau, cirPower);
        cancellationToken.ThrowIfCancellationRequested();

        var ic = CombineG1(nPublic + 1, icc.Where(t => t.Target <= nPublic), g1Bases, domainSize, cancellationToken);
        var cPoints = CombineG1(nVars - nPublic - 1, icc.Where(t => t.Target > nPublic).Select(t => t with { Target = t.Target - nPublic - 1 }), g1Bases, domainSize, cancellationToken);
        var aPoints = CombineG1(nVars, a, g1Bases, domainSize, cancellationToken);
        var b1Points = CombineG1(nVars, b, g1Bases, domainSize, cancellationToken);
        var b2Points = CombineG2(nVars, b.Select(t => t with { Basis = TauG2 }), g2Bases, domainSize, cancellationToken);
        var hDifferences = HashedHDifferences(ptau, domainSize, cancellationToken);

        // The circuit hash, in snarkjs's order.
        using var hasher = new Blake2b512();
        Span<byte> u1 = stackalloc byte[PointEncoding.G1Size];
        Span<byte> u2 = stackalloc byte[PointEncoding.G2Size];
        foreach (var raw in new[] { alpha1, beta1 })
        {
            PointEncoding.DecodeG1(raw, out var point);
            UncompressedPoints.WriteG1(point, u1);
            hasher.Update(u1);
        }
        PointEncoding.DecodeG2(beta2, out var beta2Point);
        UncompressedPoints.WriteG2(beta2Point, u2);
        hasher.Update(u2);
        UncompressedPoints.WriteG2(G2Affine.Generator, u2);
        hasher.Update(u2);
        UncompressedPoints.WriteG1(G1Affine.Generator, u1);
        hasher.Update(u1);
        hasher.Update(u2);
        HashList(hasher, ic);
        hasher.UpdateUInt32BigEndian((uint)(domainSize - 1));
        UncompressedPoints.Hash(hasher, hDifferences);
        HashList(hasher, cPoints);
        HashList(hasher, aPoints);
        HashList(hasher, b1Points);
        hasher.UpdateUInt32BigEndian((uint)b2Points.Length);
        UncompressedPoints.Hash(hasher, b2Points);
        byte[] circuitHash = hasher.Finish();

        var section10 = new byte[Blake2b512.Size + 4];
        circuitHash.CopyTo(section10, 0);
        PointEncoding.DecodeG1(alpha1, out var alpha1Point);
        PointEncoding.DecodeG1(beta1, out var beta1Point);
        var key = new ProvingKey(nVars, nPublic, domainSize, alpha1Point, beta1Point, beta2Point, G2Affine.Generator,
            G1Affine.Generator, G2Affine.Generator, ic, coefficients.ToArray(), aPoints, b1Points, b2Points, cPoints, h, section10);
        return new InitialKey(key, alpha1, beta1, beta2, new InitialKeyInfo(circuitHash, cirPower, ptau.Power));
    }

    /// <summary>Writes the key, its sections in the order snarkjs writes them.</summary>
    private static void Write(InitialKey initial, Stream zkey)
    {
        var key = initial.Key;
        var writer = new BinFileWriter(zkey, "zkey", 1, 10);
        writer.BeginSection(1, 4);
        writer.WriteUInt32(1);
        writer.EndSection();

        writer.BeginSection(2, 4 + 32 + 4 + 32 + 3 * 4 + 3 * PointEncoding.G1Size + 3 * PointEncoding.G2Size);
        writer.WritePrime(Fp.Modulus);
        writer.WritePrime(Fr.Modulus);
        writer.WriteUInt32((uint)key.NVars);
        writer.WriteUInt32((uint)key.NPublic);
        writer.WriteUInt32((uint)key.DomainSize);
        writer.WriteBytes(initial.Alpha1);
        writer.WriteBytes(initial.Beta1);
        writer.WriteBytes(initial.Beta2);
        writer.WriteArray<G2Affine>([G2Affine.Generator], PointEncoding.G2Size, PointEncoding.EncodeG2);
        writer.WriteArray<G1Affine>([G1Affine.Generator], PointEncoding.G1Size, PointEncoding.EncodeG1);
        writer.WriteArray<G2Affine>([G2Affine.Generator], PointEncoding.G2Size, PointEncoding.EncodeG2);
        writer.EndSection();

        writer.BeginSection(4, 4 + (ulong)key.Coefficients.Length * ZkeyCoefficient.Size);
        writer.WriteUInt32((uint)key.Coefficients.Length);
        writer.WriteArray<ZkeyCoefficient>(key.Coefficients, ZkeyCoefficient.Size, ZkeyCoefficient.Encode);
        writer.EndSection();

        WriteG1(writer, 3, key.IC);
        WriteG1(writer, 9, key.H.Span);
        WriteG1(writer, 8, key.C.Span);
        WriteG1(writer, 5, key.A.Span);
        WriteG1(writer, 6, key.B1.Span);
        writer.BeginSection(7, (ulong)key.B2.Length * PointEncoding.G2Size);
        writer.WriteArray<G2Affine>(key.B2.Span, PointEncoding.G2Size, PointEncoding.EncodeG2);
        writer.EndSection();

        writer.BeginSection(10, (ulong)key.Contributions.Length);
        writer.WriteBytes(key.Contributions);
        writer.EndSection();
        writer.Finish();
    }

    private static void HashList(Blake2b512 hasher, G1Affine[] points)
    {
        hasher.UpdateUInt32BigEndian((uint)points.Length);
        UncompressedPoints.Hash(hasher, points);
    }

    private static void WriteG1(BinFileWriter writer, int id, ReadOnlySpan<G1Affine> points)
    {
        writer.BeginSection(id, (ulong)points.Length * PointEncoding.G1Size);
        writer.WriteArray<G1Affine>(points, PointEncoding.G1Size, PointEncoding.EncodeG1);
        writer.EndSection();
    }

    private static byte[] ReadRawG1(PowersOfTau ptau, int section, string name)
    {
        var bytes = new byte[PointEncoding.G1Size];
        ptau.File.OpenRange(section, 0, PointEncoding.G1Size).ReadBytes(bytes, name);
        return PointEncoding.DecodeG1(bytes, out _) is { } problem ? throw ptau.File.Error(section, $"{name} {problem}") : bytes;
    }

    private static byte[] ReadRawG2(PowersOfTau ptau, int section, string name)
    {
        var bytes = new byte[PointEncoding.G2Size];
        ptau.File.OpenRange(section, 0, PointEncoding.G2Size).ReadBytes(bytes, name);
        return PointEncoding.DecodeG2(bytes, out _) is { } problem ? throw ptau.File.Error(section, $"{name} {problem}") : bytes;
    }

    /// <summary>
    /// H: the odd points of the Lagrange block 2^(cirPower+1) of section 12 (zkey_new.js writeHs); at cirPower = 28,
    /// the 2-adicity of r, the second half of that block, as snarkjs reads it.
    /// </summary>
    private static G1Affine[] ReadH(PowersOfTau ptau, int cirPower)
    {
        int n = 1 << cirPower;
        if (cirPower < PtauFile.MaxPower)
        {
            var block = ptau.ReadLagrangeG1(PowersOfTau.LagrangeTauG1, cirPower + 1, "Lagrange tauG1");
            var odd = new G1Affine[n];
            for (int i = 0; i < n; i++)
            {
                odd[i] = block[2 * i + 1];
            }
            return odd;
        }
        return ptau.ReadG1(PowersOfTau.LagrangeTauG1, (2L << cirPower) - 1 + n, n, "Lagrange tauG1 (the 2^29 block)");
    }

    /// <summary>
    /// The points τ^(i+n)·G1 − τ^i·G1 that snarkjs hashes into the circuit hash (zkey_new.js hashHPoints), i below
    /// <see cref="HashedDifferenceCount"/>.
    /// </summary>
    private static G1Affine[] HashedHDifferences(PowersOfTau ptau, int n, CancellationToken cancellationToken)
    {
        int hashed = HashedDifferenceCount(n);
        var tau = ptau.ReadG1(PowersOfTau.TauG1, 0, n + hashed, "tauG1");
        cancellationToken.ThrowIfCancellationRequested();
        var differences = new G1Jacobian[hashed];
        Parallel.For(0, (hashed + 4095) / 4096, new ParallelOptions { CancellationToken = cancellationToken }, block =>
        {
            int end = Math.Min(hashed, (block + 1) * 4096);
            for (int i = block * 4096; i < end; i++)
            {
                differences[i] = tau[i + n].ToJacobian() + tau[i].Negate();
            }
        });
        return G1Jacobian.BatchToAffine(differences);
    }

    /// <summary>
    /// How many differences snarkjs hashes: chunks of min(n − 1, 2^14) points while i &lt; n − 1, so n − 1 below 2^15
    /// and n from 2^15 on (the last chunk runs one point past n − 1, to τ^(2n−1)·G1).
    /// </summary>
    private static int HashedDifferenceCount(int n)
    {
        int perChunk = Math.Min(n - 1, HashChunk);
        int hashed = 0;
        for (int i = 0; i < n - 1; i += HashChunk)
        {
            hashed += perChunk;
        }
        return hashed;
    }

    /// <summary>Each target's terms grouped together (a stable counting sort): the terms and where each target's start.</summary>
    private static (Phase2Term[] Terms, int[] Starts) Group(int targets, IEnumerable<Phase2Term> terms)
    {
        var list = terms as IList<Phase2Term> ?? terms.ToList();
        var starts = new int[targets + 1];
        foreach (var term in list)
        {
            starts[term.Target + 1]++;
        }
        for (int t = 0; t < targets; t++)
        {
            starts[t + 1] += starts[t];
        }
        var next = starts[..targets];
        var sorted = new Phase2Term[list.Count];
        foreach (var term in list)
        {
            sorted[next[term.Target]++] = term;
        }
        return (sorted, starts);
    }

    /// <summary>
    /// The positions of the terms of every target of fewer than <see cref="ManyTerms"/> terms, grouped by the base point
    /// they multiply (key = basis · domainSize + row), and where each base's start.
    /// </summary>
    private static (int[] Positions, int[] Starts) GroupByBase(Phase2Term[] sorted, int[] targetStarts, int basisCount, int domainSize)
    {
        int keys = basisCount * domainSize;
        var starts = new int[keys + 1];
        bool Light(int target) => targetStarts[target + 1] - targetStarts[target] < ManyTerms;
        foreach (var term in sorted)
        {
            if (Light(term.Target))
            {
                starts[term.Basis * domainSize + term.Row + 1]++;
            }
        }
        for (int key = 0; key < keys; key++)
        {
            starts[key + 1] += starts[key];
        }
        var next = starts[..keys];
        var positions = new int[starts[keys]];
        for (int i = 0; i < sorted.Length; i++)
        {
            if (Light(sorted[i].Target))
            {
                positions[next[sorted[i].Basis * domainSize + sorted[i].Row]++] = i;
            }
        }
        return (positions, starts);
    }

    /// <summary>
    /// Each target's Σ coef·base over its terms in G1: every term's product at once (<see cref="G1Products"/>), summed per
    /// target, and one MSM for a target of <see cref="ManyTerms"/> terms or more.
    /// </summary>
    private static G1Affine[] CombineG1(int targets, IEnumerable<Phase2Term> terms, G1Affine[][] bases, int domainSize, CancellationToken cancellationToken)
    {
        var (sorted, starts) = Group(targets, terms);
        var productStarts = new int[targets + 1];
        for (int t = 0; t < targets; t++)
        {
            int count = starts[t + 1] - starts[t];
            productStarts[t + 1] = productStarts[t] + (count < ManyTerms ? count : 0);
        }
        var points = new G1Affine[productStarts[targets]];
        var scalars = new Fr[points.Length];
        for (int t = 0; t < targets; t++)
        {
            if (starts[t + 1] - starts[t] < ManyTerms)
            {
                for (int k = 0; k < starts[t + 1] - starts[t]; k++)
                {
                    var term = sorted[starts[t] + k];
                    (points[productStarts[t] + k], scalars[productStarts[t] + k]) = (bases[term.Basis][term.Row], term.Coefficient);
                }
            }
        }
        var products = G1Products.Multiply(points, scalars, cancellationToken);

        var sums = new G1Jacobian[targets];
        Parallel.For(0, (targets + Block - 1) / Block, new ParallelOptions { CancellationToken = cancellationToken }, block =>
        {
            int end = Math.Min(targets, (block + 1) * Block);
            for (int t = block * Block; t < end; t++)
            {
                var sum = G1Jacobian.Identity;
                for (int k = productStarts[t]; k < productStarts[t + 1]; k++)
                {
                    sum += products[k];
                }
                sums[t] = sum;
            }
        });
        for (int t = 0; t < targets; t++)
        {
            int count = starts[t + 1] - starts[t];
            if (count >= ManyTerms)
            {
                var heavyPoints = new G1Affine[count];
                var heavyScalars = new Fr[count];
                for (int k = 0; k < count; k++)
                {
                    var term = sorted[starts[t] + k];
                    (heavyPoints[k], heavyScalars[k]) = (bases[term.Basis][term.Row], term.Coefficient);
                }
                sums[t] = Msm.MultiScalarMul(heavyPoints, heavyScalars);
            }
        }
        return G1Jacobian.BatchToAffine(sums);
    }

    private static G2Affine[] CombineG2(int targets, IEnumerable<Phase2Term> terms, G2Affine[][] bases, int domainSize, CancellationToken cancellationToken) =>
        UncompressedPoints.ToAffine(Combine(targets, terms, bases, domainSize, (p, c) => Times(p.ToJacobian(), c), p => p.ToJacobian(), (p, s) => Msm.MultiScalarMul(p, s), cancellationToken));

    /// <summary>
    /// Each target's Σ coef·base over its terms, in G1 or G2 (<typeparamref name="TA"/> affine bases, <typeparamref name="TJ"/>
    /// Jacobian sums): <paramref name="times"/> for a base with one term, the base's shared powers otherwise, and one MSM
    /// (<paramref name="msm"/>) for a target of <see cref="ManyTerms"/> terms or more.
    /// </summary>
    private static TJ[] Combine<TA, TJ>(int targets, IEnumerable<Phase2Term> terms, TA[][] bases, int domainSize,
        Func<TA, Fr, TJ> times, Func<TA, TJ> toJacobian, Func<TA[], Fr[], TJ> msm, CancellationToken cancellationToken)
        where TJ : unmanaged, ICurveGroup<TJ>
    {
        var (sorted, starts) = Group(targets, terms);
        var options = new ParallelOptions { CancellationToken = cancellationToken };

        // Each term's product coef·base. The terms on one base share its powers 16^i·base (its doublings, done once).
        var products = new TJ[sorted.Length];
        var (byBase, baseStarts) = GroupByBase(sorted, starts, bases.Length, domainSize);
        Parallel.For(0, (baseStarts.Length - 1 + Block - 1) / Block, options, block =>
        {
            Span<TJ> powers = stackalloc TJ[Windows];
            int end = Math.Min(baseStarts.Length - 1, (block + 1) * Block);
            for (int key = block * Block; key < end; key++)
            {
                int first = baseStarts[key], count = baseStarts[key + 1] - first;
                if (count == 0)
                {
                    continue;
                }
                var term0 = sorted[byBase[first]];
                var point = bases[term0.Basis][term0.Row];
                if (count == 1)
                {
                    products[byBase[first]] = times(point, term0.Coefficient);
                    continue;
                }
                powers[0] = toJacobian(point);
                for (int i = 1; i < Windows; i++)
                {
                    powers[i] = powers[i - 1].Double().Double().Double().Double();
                }
                for (int k = first; k < first + count; k++)
                {
                    products[byBase[k]] = TimesPowers(powers, sorted[byBase[k]].Coefficient);
                }
            }
        });

        var sums = new TJ[targets];
        Parallel.For(0, (targets + Block - 1) / Block, options, block =>
        {
            int end = Math.Min(targets, (block + 1) * Block);
            for (int t = block * Block; t < end; t++)
            {
                if (starts[t + 1] - starts[t] >= ManyTerms)
                {
                    continue;
                }
                var sum = TJ.Identity;
                for (int k = starts[t]; k < starts[t + 1]; k++)
                {
                    sum += products[k];
                }
                sums[t] = sum;
            }
        });
        for (int t = 0; t < targets; t++)
        {
            int count = starts[t + 1] - starts[t];
            if (count >= ManyTerms)
            {
                var points = new TA[count];
                var scalars = new Fr[count];
                for (int k = 0; k < count; k++)
                {
                    var term = sorted[starts[t] + k];
                    (points[k], scalars[k]) = (bases[term.Basis][term.Row], term.Coefficient);
                }
                sums[t] = msm(points, scalars);
            }
        }
        return sums;
    }

    /// <summary>
    /// c·P from P's powers 16^i·P (i &lt; 64): the shorter of c and r − c (below 2^253) in signed base-16 digits
    /// (−8..8), each power added into the bucket of its digit, then Σ j·bucket_j — 64 + 16 additions, no doubling.
    /// </summary>
    private static TJ TimesPowers<TJ>(ReadOnlySpan<TJ> powers, Fr c) where TJ : unmanaged, ICurveGroup<TJ>
    {
        if (c.IsOne)
        {
            return powers[0];
        }
        Span<byte> k = stackalloc byte[32];
        bool negate = ShortestScalar(c, k);
        Span<TJ> buckets = stackalloc TJ[9];
        buckets.Fill(TJ.Identity);
        int carry = 0;
        for (int window = 0; window < Windows; window++)
        {
            int nibble = (k[31 - (window >> 1)] >> ((window & 1) * 4)) & 0xF;
            int digit = nibble + carry;
            carry = digit > 8 ? 1 : 0;
            digit -= carry << 4;
            if (digit > 0)
            {
                buckets[digit] += powers[window];
            }
            else if (digit < 0)
            {
                buckets[-digit] -= powers[window];
            }
        }
        var running = TJ.Identity;
        var total = TJ.Identity;
        for (int j = 8; j >= 1; j--)
        {
            running += buckets[j];
            total += running;
        }
        return negate ? -total : total;
    }

    /// <summary>c·P by a 4-bit fixed window, with c taken as −(r − c) when that is shorter (so −1, −2 … cost little); G1 or G2.</summary>
    internal static TJ Times<TJ>(TJ point, Fr c) where TJ : unmanaged, ICurveGroup<TJ>
    {
        if (c.IsOne)
        {
            return point;
        }
        Span<byte> k = stackalloc byte[32];
        if (ShortestScalar(c, k))
        {
            point = -point;
        }
        int top = k.IndexOfAnyExcept((byte)0);
        if (top < 0)
        {
            return TJ.Identity;
        }
        Span<TJ> table = stackalloc TJ[16];
        table[1] = point;
        for (int i = 2; i < 16; i++)
        {
            table[i] = table[i - 1] + point;
        }
        var acc = TJ.Identity;
        bool started = false;
        for (int i = top; i < 32; i++)
        {
            for (int shift = 4; shift >= 0; shift -= 4)
            {
                if (started)
                {
                    acc = acc.Double().Double().Double().Double();
                }
                int nibble = (k[i] >> shift) & 0xF;
                if (nibble != 0)
                {
                    acc = started ? acc + table[nibble] : table[nibble];
                    started = true;
                }
            }
        }
        return acc;
    }

    /// <summary>
    /// Writes into <paramref name="k"/> (big-endian) the shorter of c and r − c, and says whether it was r − c (then the
    /// point is to be negated).
    /// </summary>
    private static bool ShortestScalar(Fr c, Span<byte> k)
    {
        Span<byte> negated = stackalloc byte[32];
        c.WriteBytes(k, bigEndian: true);
        (-c).WriteBytes(negated, bigEndian: true);
        if (negated.SequenceCompareTo(k) < 0)
        {
            negated.CopyTo(k);
            return true;
        }
        return false;
    }
}
