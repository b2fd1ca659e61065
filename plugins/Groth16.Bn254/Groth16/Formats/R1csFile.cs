using System.Buffers;
using System.Buffers.Binary;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Groth16.Formats;

/// <summary>
/// Reads circom .r1cs files (FORMATS §3; iden3 r1csfile src/r1csfile.js, doc/r1cs_bin_format.md, circom
/// constraint_writers/src/r1cs_writer.rs): container "r1cs" version 1; section 1 = header (n8, prime = r,
/// nWires, nPubOut, nPubIn, nPrvIn, u64 nLabels, mConstraints; 64 bytes), section 2 = mConstraints ×
/// (A, B, C), each a <c>u32 nTerms</c> followed by <c>{u32 wire, coef[32] plain LE}</c> terms, optional
/// section 3 = nWires u64 labels. circom writes the sections in the order 2, 1, 3; the PLONK custom-gate
/// sections 4 and 5 are skipped.
/// </summary>
public static class R1csFile
{
    private const string Magic = "r1cs";
    private const uint Version = 1;
    private const int HeaderSection = 1;
    private const int ConstraintSection = 2;
    private const int LabelSection = 3;
    private const int HeaderLength = 4 + 32 + 4 * 4 + 8 + 4;
    private const int TermSize = 4 + 32;
    private static readonly string[] Sides = ["A", "B", "C"];

    /// <summary>Reads an .r1cs file; throws <see cref="BinaryFormatException"/> naming the file, section and problem.</summary>
    public static R1cs Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(stream, path);
    }

    /// <summary>Reads an .r1cs from <paramref name="stream"/>'s position to its end; <paramref name="fileName"/> names it in errors.</summary>
    public static R1cs Read(Stream stream, string fileName)
    {
        var file = BinFile.Open(stream, fileName, Magic, Version);

        var header = file.Open(HeaderSection);
        header.ReadPrime("n8", "prime", Fr.Modulus);
        header.ExpectLength(HeaderLength, "the r1cs header");
        int nWires = header.ReadCount("nWires");
        int nPubOut = header.ReadCount("nPubOut");
        int nPubIn = header.ReadCount("nPubIn");
        int nPrvIn = header.ReadCount("nPrvIn");
        ulong nLabels = header.ReadUInt64("nLabels");
        int nConstraints = header.ReadCount("mConstraints");
        header.End("the header");
        if (nWires < 1 || 1L + nPubOut + nPubIn + nPrvIn > nWires)
        {
            throw header.Error($"nWires = {nWires} cannot hold the constant 1, {nPubOut} outputs, {nPubIn} public and {nPrvIn} private inputs");
        }

        var constraints = ReadConstraints(file.Open(ConstraintSection), nConstraints, nWires);

        ulong[]? labels = null;
        if (file.Has(LabelSection))
        {
            var section = file.Open(LabelSection);
            section.ExpectLength((ulong)nWires * 8, $"nWires = {nWires} u64 labels");
            labels = section.ReadArray(nWires, 8, "label", static (ReadOnlySpan<byte> bytes, out ulong value) =>
            {
                value = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
                return null;
            });
            section.End("the labels");
        }
        return new R1cs(nWires, nPubOut, nPubIn, nPrvIn, nLabels, constraints, labels);
    }

    /// <summary>
    /// The first constraint i with A(w)·B(w) ≠ C(w), or −1 when the witness satisfies them all.
    /// </summary>
    public static int FirstUnsatisfied(R1cs r1cs, ReadOnlySpan<Fr> witness)
    {
        if (witness.Length != r1cs.NWires)
        {
            throw new ArgumentException($"the witness holds {witness.Length} values, the r1cs has {r1cs.NWires} wires", nameof(witness));
        }
        for (int i = 0; i < r1cs.Constraints.Length; i++)
        {
            if (!r1cs.Constraints[i].IsSatisfiedBy(witness))
            {
                return i;
            }
        }
        return -1;
    }

    private static R1csConstraint[] ReadConstraints(BinarySection section, int count, int nWires)
    {
        // Each constraint holds at least three u32 term counts: a count the section cannot hold is refused before allocating.
        if ((ulong)count * 12 > section.Length)
        {
            throw section.Error($"mConstraints = {count} (from the header) cannot fit in {section.Length} bytes");
        }
        var constraints = new R1csConstraint[count];
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * TermSize);
        try
        {
            var sides = new LinearCombination[3];
            for (int i = 0; i < count; i++)
            {
                for (int side = 0; side < 3; side++)
                {
                    sides[side] = ReadCombination(section, ref buffer, nWires, $"constraint {i} {Sides[side]}");
                }
                constraints[i] = new R1csConstraint(sides[0], sides[1], sides[2]);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        section.End($"the {count} constraints");
        return constraints;
    }

    private static LinearCombination ReadCombination(BinarySection section, ref byte[] buffer, int nWires, string where)
    {
        int terms = section.ReadCount($"the term count of {where}");
        if ((ulong)terms * TermSize > section.Remaining)
        {
            throw section.Error($"{where}: {terms} terms do not fit in the {section.Remaining} bytes left");
        }
        int bytes = terms * TermSize;
        if (buffer.Length < bytes)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent(bytes);
        }
        var span = buffer.AsSpan(0, bytes);
        section.ReadBytes(span, $"the terms of {where}");
        var wires = new int[terms];
        var coefficients = new Fr[terms];
        for (int k = 0; k < terms; k++)
        {
            var term = span.Slice(k * TermSize, TermSize);
            uint wire = BinaryPrimitives.ReadUInt32LittleEndian(term);
            if (wire >= (uint)nWires)
            {
                throw section.Error($"{where}, term {k}: wire {wire} is not below nWires = {nWires}");
            }
            if (!Fr.TryReadBytes(term[4..], bigEndian: false, out coefficients[k]))
            {
                throw section.Error($"{where}, term {k}: coefficient is not below r");
            }
            wires[k] = (int)wire;
        }
        return new LinearCombination(wires, coefficients);
    }
}
