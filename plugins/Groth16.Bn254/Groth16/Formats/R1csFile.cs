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
        var (file, header) = OpenHeader(stream, fileName);
        var constraints = ReadConstraints(file, header);

        ulong[]? labels = null;
        if (file.Has(LabelSection))
        {
            var section = OpenLabels(file, header);
            labels = section.ReadArray(header.NWires, 8, "label", static (ReadOnlySpan<byte> bytes, out ulong value) =>
            {
                value = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
                return null;
            });
            section.End("the labels");
        }
        return new R1cs(header.NWires, header.NPubOut, header.NPubIn, header.NPrvIn, header.NLabels, constraints, labels);
    }

    /// <summary>
    /// Opens an .r1cs and reads its header only (section 1), checking the prime is BN254's r and the counts are
    /// consistent; the constraints are then read with <see cref="ForEachConstraint"/>, one at a time, so a caller can
    /// check the header's sizes against what it expects before anything is allocated for them.
    /// </summary>
    internal static (BinFile File, R1csHeader Header) OpenHeader(Stream stream, string fileName)
    {
        var file = BinFile.Open(stream, fileName, Magic, Version);
        var section = file.Open(HeaderSection);
        section.ReadPrime("n8", "prime", Fr.Modulus);
        section.ExpectLength(HeaderLength, "the r1cs header");
        int nWires = section.ReadCount("nWires");
        int nPubOut = section.ReadCount("nPubOut");
        int nPubIn = section.ReadCount("nPubIn");
        int nPrvIn = section.ReadCount("nPrvIn");
        ulong nLabels = section.ReadUInt64("nLabels");
        int nConstraints = section.ReadCount("mConstraints");
        section.End("the header");
        if (nWires < 1 || 1L + nPubOut + nPubIn + nPrvIn > nWires)
        {
            throw section.Error($"nWires = {nWires} cannot hold the constant 1, {nPubOut} outputs, {nPubIn} public and {nPrvIn} private inputs");
        }
        // Each constraint holds at least three u32 term counts: a count the section cannot hold is refused here.
        ulong constraintBytes = file.LengthOf(ConstraintSection);
        if ((ulong)nConstraints * 12 > constraintBytes)
        {
            throw file.Error(ConstraintSection, $"mConstraints = {nConstraints} (from the header) cannot fit in {constraintBytes} bytes");
        }
        return (file, new R1csHeader(nWires, nPubOut, nPubIn, nPrvIn, nLabels, nConstraints));
    }

    /// <summary>Checks the optional label section (3) has one u64 per wire, without reading it.</summary>
    internal static void CheckLabels(BinFile file, R1csHeader header)
    {
        if (file.Has(LabelSection))
        {
            OpenLabels(file, header);
        }
    }

    private static BinarySection OpenLabels(BinFile file, R1csHeader header)
    {
        var section = file.Open(LabelSection);
        section.ExpectLength((ulong)header.NWires * 8, $"nWires = {header.NWires} u64 labels");
        return section;
    }

    /// <summary>Receives one constraint's three sides; the spans are valid only during the call.</summary>
    internal delegate void ConstraintVisitor(int index, ReadOnlySpan<R1csTerm> a, ReadOnlySpan<R1csTerm> b, ReadOnlySpan<R1csTerm> c);

    /// <summary>
    /// Reads section 2 constraint by constraint, checking every wire is below nWires and every coefficient below r,
    /// and that the section holds exactly the header's count. Memory is bounded by the largest single constraint.
    /// </summary>
    internal static void ForEachConstraint(BinFile file, R1csHeader header, ConstraintVisitor visit, CancellationToken cancellationToken = default)
    {
        var section = file.Open(ConstraintSection);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * TermSize);
        var sides = new R1csTerm[3][];
        var counts = new int[3];
        for (int side = 0; side < 3; side++)
        {
            sides[side] = new R1csTerm[16];
        }
        try
        {
            for (int i = 0; i < header.NConstraints; i++)
            {
                if ((i & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
                for (int side = 0; side < 3; side++)
                {
                    counts[side] = ReadCombination(section, ref buffer, ref sides[side], header.NWires, $"constraint {i} {Sides[side]}");
                }
                visit(i, sides[0].AsSpan(0, counts[0]), sides[1].AsSpan(0, counts[1]), sides[2].AsSpan(0, counts[2]));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        section.End($"the {header.NConstraints} constraints");
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

    private static R1csConstraint[] ReadConstraints(BinFile file, R1csHeader header)
    {
        var constraints = new R1csConstraint[header.NConstraints];
        ForEachConstraint(file, header, (i, a, b, c) => constraints[i] = new R1csConstraint(Combination(a), Combination(b), Combination(c)));
        return constraints;
    }

    private static LinearCombination Combination(ReadOnlySpan<R1csTerm> terms)
    {
        var wires = new int[terms.Length];
        var coefficients = new Fr[terms.Length];
        for (int k = 0; k < terms.Length; k++)
        {
            wires[k] = terms[k].Wire;
            coefficients[k] = terms[k].Coefficient;
        }
        return new LinearCombination(wires, coefficients);
    }

    /// <summary>Reads one linear combination into <paramref name="terms"/> (grown as needed) and returns its term count.</summary>
    private static int ReadCombination(BinarySection section, ref byte[] buffer, ref R1csTerm[] terms, int nWires, string where)
    {
        int count = section.ReadCount($"the term count of {where}");
        if ((ulong)count * TermSize > section.Remaining)
        {
            throw section.Error($"{where}: {count} terms do not fit in the {section.Remaining} bytes left");
        }
        int bytes = count * TermSize;
        if (buffer.Length < bytes)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent(bytes);
        }
        if (terms.Length < count)
        {
            terms = new R1csTerm[Math.Max(count, 2 * terms.Length)];
        }
        var span = buffer.AsSpan(0, bytes);
        section.ReadBytes(span, $"the terms of {where}");
        for (int k = 0; k < count; k++)
        {
            var term = span.Slice(k * TermSize, TermSize);
            uint wire = BinaryPrimitives.ReadUInt32LittleEndian(term);
            if (wire >= (uint)nWires)
            {
                throw section.Error($"{where}, term {k}: wire {wire} is not below nWires = {nWires}");
            }
            if (!Fr.TryReadBytes(term[4..], bigEndian: false, out Fr coefficient))
            {
                throw section.Error($"{where}, term {k}: coefficient is not below r");
            }
            terms[k] = new R1csTerm((int)wire, coefficient);
        }
        return count;
    }
}
