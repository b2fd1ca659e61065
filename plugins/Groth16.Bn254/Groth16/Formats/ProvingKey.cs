using System.Numerics;
using CredentialHub.Bn254.Curves;

namespace CredentialHub.Groth16.Formats;

/// <summary>
/// A decoded Groth16 proving key: the contents of a snarkjs .zkey (FORMATS §2; snarkjs src/zkey_utils.js
/// readZKey, src/zkey_new.js), held in memory for the prover. Section by section: the header points of
/// section 2, IC (3), the A/B coefficients (4), A, B1, B2 (5–7, one per signal), C (8, signals
/// nPublic+1 … nVars−1), H (9, the odd 2n-domain Lagrange points over δ) and the raw contributions (10).
/// The constructor checks the counts and array lengths agree; point and coefficient contents are checked
/// by <see cref="ZkeyFile.Read(string)"/>. The point sections are memory: arrays, or for a key read by
/// <see cref="ZkeyFile.Read(Stream, string, bool)"/> with the file mapped, ranges of the file used in place
/// (<see cref="MappedFile"/>): whoever reads their spans keeps the key reachable meanwhile.
/// </summary>
public sealed class ProvingKey
{
    /// <summary>The largest domain snarkjs supports: 2^28, the 2-adicity of r.</summary>
    public const int MaxLog2DomainSize = 28;

    public ProvingKey(
        int nVars, int nPublic, int domainSize,
        G1Affine alpha1, G1Affine beta1, G2Affine beta2, G2Affine gamma2, G1Affine delta1, G2Affine delta2,
        G1Affine[] ic, ZkeyCoefficient[] coefficients,
        ReadOnlyMemory<G1Affine> a, ReadOnlyMemory<G1Affine> b1, ReadOnlyMemory<G2Affine> b2, ReadOnlyMemory<G1Affine> c, ReadOnlyMemory<G1Affine> h,
        byte[] contributions)
    {
        if (nVars < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(nVars), nVars, "nVars must count at least the constant signal 1");
        }
        if (nPublic < 0 || nPublic >= nVars)
        {
            throw new ArgumentOutOfRangeException(nameof(nPublic), nPublic, $"nPublic must lie in [0, nVars = {nVars})");
        }
        if (!BitOperations.IsPow2(domainSize) || BitOperations.Log2((uint)domainSize) > MaxLog2DomainSize || domainSize <= nPublic)
        {
            throw new ArgumentOutOfRangeException(nameof(domainSize), domainSize,
                $"domainSize must be a power of two, at most 2^{MaxLog2DomainSize} and above nPublic = {nPublic}");
        }
        ArgumentNullException.ThrowIfNull(ic);
        RequireLength(ic.Length, nPublic + 1, nameof(ic), "nPublic + 1");
        ArgumentNullException.ThrowIfNull(coefficients);
        RequireLength(a.Length, nVars, nameof(a), "nVars");
        RequireLength(b1.Length, nVars, nameof(b1), "nVars");
        RequireLength(b2.Length, nVars, nameof(b2), "nVars");
        RequireLength(c.Length, nVars - nPublic - 1, nameof(c), "nVars − nPublic − 1");
        RequireLength(h.Length, domainSize, nameof(h), "domainSize");
        ArgumentNullException.ThrowIfNull(contributions);

        NVars = nVars;
        NPublic = nPublic;
        DomainSize = domainSize;
        Log2DomainSize = BitOperations.Log2((uint)domainSize);
        Alpha1 = alpha1;
        Beta1 = beta1;
        Beta2 = beta2;
        Gamma2 = gamma2;
        Delta1 = delta1;
        Delta2 = delta2;
        IC = ic;
        Coefficients = coefficients;
        A = a;
        B1 = b1;
        B2 = b2;
        C = c;
        H = h;
        Contributions = contributions;
    }

    /// <summary>Signals, including the constant 1 at index 0.</summary>
    public int NVars { get; }

    /// <summary>Outputs plus public inputs; the constant 1 is not counted.</summary>
    public int NPublic { get; }

    public int DomainSize { get; }

    public int Log2DomainSize { get; }

    public G1Affine Alpha1 { get; }

    public G1Affine Beta1 { get; }

    public G2Affine Beta2 { get; }

    public G2Affine Gamma2 { get; }

    public G1Affine Delta1 { get; }

    public G2Affine Delta2 { get; }

    /// <summary>nPublic + 1 points.</summary>
    public G1Affine[] IC { get; }

    /// <summary>Section 4 entries in file order, each with its true coefficient.</summary>
    public ZkeyCoefficient[] Coefficients { get; }

    /// <summary>nVars points.</summary>
    public ReadOnlyMemory<G1Affine> A { get; }

    /// <summary>nVars points.</summary>
    public ReadOnlyMemory<G1Affine> B1 { get; }

    /// <summary>nVars points, checked on the curve but not for subgroup membership when read.</summary>
    public ReadOnlyMemory<G2Affine> B2 { get; }

    /// <summary>nVars − nPublic − 1 points, for signals nPublic + 1 … nVars − 1.</summary>
    public ReadOnlyMemory<G1Affine> C { get; }

    /// <summary>domainSize points.</summary>
    public ReadOnlyMemory<G1Affine> H { get; }

    /// <summary>The raw body of section 10 (the MPC transcript), kept so that a rewrite is lossless.</summary>
    public byte[] Contributions { get; }

    private static void RequireLength(int length, int expected, string name, string rule)
    {
        if (length != expected)
        {
            throw new ArgumentException($"{name} holds {length} points, expected {rule} = {expected}", name);
        }
    }
}
