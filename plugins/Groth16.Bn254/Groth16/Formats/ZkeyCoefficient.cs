using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Groth16.Formats;

/// <summary>
/// One entry of zkey section 4 (FORMATS §2, §2.2): <see cref="Value"/> is the coefficient of signal
/// <see cref="Signal"/> in row <see cref="Constraint"/> of matrix A (<see cref="Matrix"/> = 0) or B (1).
/// On disk an entry is <c>u32 matrix ‖ u32 constraint ‖ u32 signal ‖ value[32]</c> and the value is the
/// plain little-endian integer c·R² mod r with R = 2^256 (snarkjs zkey_utils.js writeFr2/readFr2), so that
/// snarkjs's Montgomery product with a plain witness value yields c·w in Montgomery form. Packed to 4 bytes, the struct
/// has the entry's layout (44 bytes), so that a key's entries are read in place and then fixed up (<see cref="FixUp"/>).
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
public readonly record struct ZkeyCoefficient(int Matrix, int Constraint, int Signal, Fr Value)
{
    internal const int Size = 44;

    private static readonly Fr RSquared = Fr.FromBigInteger(BigInteger.ModPow(2, 512, Fr.Modulus));

    /// <summary>R⁻¹ mod r: the entry's stored c·R², taken as Montgomery limbs, is the element c·R; times R⁻¹ it is c.</summary>
    private static readonly Fr RInverse = Fr.FromBigInteger(BigInteger.ModPow(2, 256, Fr.Modulus)).Inverse();

    /// <summary>
    /// Checks an entry read in place against the key (matrix 0 or 1, constraint &lt; domainSize, signal &lt; nVars,
    /// value &lt; r) and turns its stored value into the coefficient.
    /// </summary>
    internal static string? FixUp(ref ZkeyCoefficient entry, int domainSize, int nVars)
    {
        if ((uint)entry.Matrix > 1)
        {
            return $"matrix is {(uint)entry.Matrix}, expected 0 (A) or 1 (B)";
        }
        if ((uint)entry.Constraint >= (uint)domainSize)
        {
            return $"constraint {(uint)entry.Constraint} is not below domainSize {domainSize}";
        }
        if ((uint)entry.Signal >= (uint)nVars)
        {
            return $"signal {(uint)entry.Signal} is not below nVars {nVars}";
        }
        if (!entry.Value.IsCanonical)
        {
            return "value is not below r";
        }
        entry = entry with { Value = entry.Value * RInverse };
        return null;
    }

    internal static void Encode(in ZkeyCoefficient coefficient, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)coefficient.Matrix);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], (uint)coefficient.Constraint);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], (uint)coefficient.Signal);
        (coefficient.Value * RSquared).WriteBytes(destination[12..Size], bigEndian: false);
    }
}
