using System.Buffers.Binary;
using System.Numerics;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Groth16.Formats;

/// <summary>
/// One entry of zkey section 4 (FORMATS §2, §2.2): <see cref="Value"/> is the coefficient of signal
/// <see cref="Signal"/> in row <see cref="Constraint"/> of matrix A (<see cref="Matrix"/> = 0) or B (1).
/// On disk an entry is <c>u32 matrix ‖ u32 constraint ‖ u32 signal ‖ value[32]</c> and the value is the
/// plain little-endian integer c·R² mod r with R = 2^256 (snarkjs zkey_utils.js writeFr2/readFr2), so that
/// snarkjs's Montgomery product with a plain witness value yields c·w in Montgomery form.
/// </summary>
public readonly record struct ZkeyCoefficient(int Matrix, int Constraint, int Signal, Fr Value)
{
    internal const int Size = 44;

    private static readonly Fr RSquared = Fr.FromBigInteger(BigInteger.ModPow(2, 512, Fr.Modulus));
    private static readonly Fr RSquaredInverse = RSquared.Inverse();

    /// <summary>Decodes an entry and checks it against the key: matrix 0 or 1, constraint &lt; domainSize, signal &lt; nVars, value &lt; r.</summary>
    internal static string? Decode(ReadOnlySpan<byte> bytes, int domainSize, int nVars, out ZkeyCoefficient coefficient)
    {
        coefficient = default;
        uint matrix = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        uint constraint = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
        uint signal = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (matrix > 1)
        {
            return $"matrix is {matrix}, expected 0 (A) or 1 (B)";
        }
        if (constraint >= (uint)domainSize)
        {
            return $"constraint {constraint} is not below domainSize {domainSize}";
        }
        if (signal >= (uint)nVars)
        {
            return $"signal {signal} is not below nVars {nVars}";
        }
        if (!Fr.TryReadBytes(bytes[12..Size], bigEndian: false, out Fr stored))
        {
            return "value is not below r";
        }
        coefficient = new ZkeyCoefficient((int)matrix, (int)constraint, (int)signal, stored * RSquaredInverse);
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
