using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Polynomials;
using CredentialHub.Groth16.Formats;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16.Proving;

/// <summary>
/// A single-party Groth16 setup for development and benchmarks: draws τ, α, β, δ at random, builds the
/// zkey exactly as `snarkjs groth16 setup` lays it out (FORMATS.md §2.2: the Lagrange basis of the
/// n-domain, the nPublic + 1 extra rows A[m+s][s] = 1, γ = 1, H as the odd Lagrange points of the
/// 2n-domain over δ, coefficients of A and B only) and forgets the toxic waste. Whoever runs it could
/// forge proofs, so its keys must never protect anything. Where snarkjs needs a powers-of-tau file and
/// hours, this evaluates every point with fixed-base tables: seconds for 2^16 constraints.
/// The contributions section holds no contribution and an all-zero circuit hash, so `snarkjs zkey
/// verify` (which checks the ceremony transcript) does not apply to these keys; proving and exporting
/// the verification key do.
/// </summary>
public static class InsecureDevSetup
{
    public static ProvingKey Create(R1cs r1cs, CancellationToken cancellationToken = default)
    {
        int m = r1cs.Constraints.Length;
        int nPublic = r1cs.NPublic;
        int nVars = r1cs.NWires;
        int log2 = DomainLog2(m, nPublic);
        int n = 1 << log2;

        Fr tau = RandomNonZero(), alpha = RandomNonZero(), beta = RandomNonZero(), delta = RandomNonZero();
        Fr[] lagrange = LagrangeAt(log2, tau, odd: false);

        // u, v, w: the column polynomials of A, B, C at τ, including the public-input rows.
        var u = new Fr[nVars];
        var v = new Fr[nVars];
        var w = new Fr[nVars];
        var coefficients = new List<ZkeyCoefficient>();
        for (int c = 0; c < m; c++)
        {
            var constraint = r1cs.Constraints[c];
            AddColumn(constraint.A, lagrange[c], u, coefficients, 0, c);
            AddColumn(constraint.B, lagrange[c], v, coefficients, 1, c);
            AddColumn(constraint.C, lagrange[c], w, null, 2, c);
        }
        for (int s = 0; s <= nPublic; s++)
        {
            u[s] += lagrange[m + s];
            coefficients.Add(new ZkeyCoefficient(0, m + s, s, Fr.One));
        }
        cancellationToken.ThrowIfCancellationRequested();

        Fr deltaInverse = delta.Inverse();
        var ic = new Fr[nPublic + 1];
        var cScalars = new Fr[nVars - nPublic - 1];
        for (int i = 0; i < nVars; i++)
        {
            Fr combined = beta * u[i] + alpha * v[i] + w[i];
            if (i <= nPublic)
            {
                ic[i] = combined;
            }
            else
            {
                cScalars[i - nPublic - 1] = combined * deltaInverse;
            }
        }
        Fr[] hScalars = LagrangeAt(log2 + 1, tau, odd: true);
        for (int j = 0; j < hScalars.Length; j++)
        {
            hScalars[j] *= deltaInverse;
        }

        var g1 = new G1FixedBase(G1Affine.Generator, windowBits: 8);
        var g2 = new G2FixedBase(G2Affine.Generator, windowBits: 8);
        var header = g1.MultiplyAll([alpha, beta, delta], cancellationToken);
        var header2 = g2.MultiplyAll([beta, delta], cancellationToken);
        var key = new ProvingKey(
            nVars: nVars,
            nPublic: nPublic,
            domainSize: n,
            alpha1: header[0],
            beta1: header[1],
            beta2: header2[0],
            gamma2: G2Affine.Generator,
            delta1: header[2],
            delta2: header2[1],
            ic: g1.MultiplyAll(ic, cancellationToken),
            coefficients: coefficients.ToArray(),
            a: g1.MultiplyAll(u, cancellationToken),
            b1: g1.MultiplyAll(v, cancellationToken),
            b2: g2.MultiplyAll(v, cancellationToken),
            c: g1.MultiplyAll(cScalars, cancellationToken),
            h: g1.MultiplyAll(hScalars, cancellationToken),
            contributions: EmptyContributions());

        foreach (var secret in new[] { u, v, w, ic, cScalars, hScalars, lagrange })
        {
            Array.Clear(secret);
        }
        return key;
    }

    /// <summary>log2 of the smallest power of two above m + nPublic (snarkjs: cirPower = ⌊log2(m + nPublic)⌋ + 1).</summary>
    internal static int DomainLog2(int constraints, int nPublic)
    {
        long rows = (long)constraints + nPublic;
        int log2 = rows <= 0 ? 1 : 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)rows);
        if (log2 >= RootsOfUnity.MaxLog2)
        {
            throw new ProvingException($"{constraints} constraints and {nPublic} public signals need a domain of 2^{log2}; at most 2^{RootsOfUnity.MaxLog2 - 1} is supported");
        }
        return log2;
    }

    private static void AddColumn(LinearCombination lc, Fr weight, Fr[] column, List<ZkeyCoefficient>? coefficients, int matrix, int constraint)
    {
        for (int t = 0; t < lc.Wires.Length; t++)
        {
            column[lc.Wires[t]] += lc.Coefficients[t] * weight;
            coefficients?.Add(new ZkeyCoefficient(matrix, constraint, lc.Wires[t], lc.Coefficients[t]));
        }
    }

    /// <summary>
    /// The Lagrange basis of the 2^log2-domain at τ, L_k(τ) = (τ^N − 1)/N · ω^k/(τ − ω^k): all N values, or
    /// only the odd-indexed ones (k = 2j + 1, j &lt; N/2) when <paramref name="odd"/> is set.
    /// </summary>
    private static Fr[] LagrangeAt(int log2, Fr tau, bool odd)
    {
        int size = 1 << log2;
        Fr omega = RootsOfUnity.Get(log2);
        Fr zOverN = (FieldMath.Pow(tau, (System.Numerics.BigInteger)size) - Fr.One) * Fr.FromUInt64((ulong)size).Inverse();
        int count = odd ? size / 2 : size;
        var numerators = new Fr[count];
        var denominators = new Fr[count];
        Fr step = odd ? omega.Square() : omega;
        Fr point = odd ? omega : Fr.One;
        for (int k = 0; k < count; k++)
        {
            numerators[k] = zOverN * point;
            denominators[k] = tau - point;
            point *= step;
        }
        FieldMath.BatchInverse<Fr>(denominators);
        for (int k = 0; k < count; k++)
        {
            numerators[k] *= denominators[k];
        }
        return numerators;
    }

    /// <summary>τ must avoid the domain points (a negligible event, but then L_k(τ) would be undefined).</summary>
    private static Fr RandomNonZero()
    {
        while (true)
        {
            Fr x = Groth16Prover.RandomScalar();
            if (!x.IsZero && !FieldMath.Pow(x, (System.Numerics.BigInteger)(1 << RootsOfUnity.MaxLog2)).IsOne)
            {
                return x;
            }
        }
    }

    /// <summary>Section 10 with an all-zero 64-byte circuit hash and no contribution.</summary>
    private static byte[] EmptyContributions() => new byte[64 + 4];
}
