using CredentialHub.Bn254.Fields;

namespace CredentialHub.Groth16.Formats;

/// <summary>
/// Whether a Groth16 proving key was made for a constraint system: what <c>snarkjs groth16 setup</c> (zkey_new.js
/// processConstraints) derives from an .r1cs, checked against the key. The header: the same prime (r; the reader
/// refuses any other), nWires = nVars, nPubOut + nPubIn = nPublic, and the constraint count, which the key holds as
/// the position of its nPublic + 1 public-input rows (FORMATS §2.2: row m + s has A = {s: 1}, B = ∅) and which must
/// fit its domain. Then every constraint: the A and B terms of the r1cs (C is not in a zkey) equal the key's section-4
/// entries for that row, as linear combinations (terms in any order, repeated wires summed, zero terms ignored).
/// Values are compared as field elements: the zkey reader has already turned the stored c·R² back into c
/// (<see cref="ZkeyCoefficient"/>), the r1cs holds c itself.
/// <para>
/// The r1cs is read one constraint at a time after its header has been checked against the key, so the memory used is
/// bounded by the key (already resident) and the largest single constraint, whatever counts the file claims.
/// </para>
/// </summary>
public static class KeyConstraintCheck
{
    private static readonly string[] Matrices = ["A", "B"];

    /// <summary>
    /// Null when <paramref name="key"/> was made for the constraint system in <paramref name="r1cs"/>, else the first
    /// difference with both values. Throws <see cref="BinaryFormatException"/> for an r1cs that cannot be read.
    /// </summary>
    public static string? FindMismatch(ProvingKey key, Stream r1cs, string r1csName, CancellationToken cancellationToken = default)
    {
        var (file, header) = R1csFile.OpenHeader(r1cs, r1csName);
        if (header.NWires != key.NVars)
        {
            return $"{r1csName} has {header.NWires} wires; the proving key has {key.NVars} signals (nVars)";
        }
        if (header.NPublic != key.NPublic)
        {
            return $"{r1csName} has {header.NPublic} public signals ({header.NPubOut} outputs, {header.NPubIn} public inputs); the proving key has {key.NPublic} (nPublic)";
        }
        int m = header.NConstraints;
        int publicRows = key.NPublic + 1;
        var coefficients = key.Coefficients;
        int keyRows = 0;
        foreach (var coefficient in coefficients)
        {
            keyRows = Math.Max(keyRows, coefficient.Constraint + 1);
        }
        if (keyRows != (long)m + publicRows)
        {
            return $"{r1csName} has {m} constraints; the proving key has {Math.Max(0, keyRows - publicRows)} (its coefficients fill {keyRows} rows, the last {publicRows} being the public-input rows)";
        }
        R1csFile.CheckLabels(file, header);

        // The key's entries ordered by (matrix, row, wire): one cursor per matrix walks them row by row.
        var order = new int[coefficients.Length];
        var sortKeys = new ulong[coefficients.Length];
        for (int i = 0; i < order.Length; i++)
        {
            var c = coefficients[i];
            order[i] = i;
            sortKeys[i] = ((ulong)c.Matrix << 62) | ((ulong)c.Constraint << 31) | (uint)c.Signal;
        }
        Array.Sort(sortKeys, order);
        var cursors = new int[2];
        cursors[1] = Array.FindIndex(order, i => coefficients[i].Matrix == 1);
        int[] ends = [cursors[1] < 0 ? order.Length : cursors[1], order.Length];
        if (cursors[1] < 0)
        {
            cursors[1] = order.Length;
        }

        var fromR1cs = new List<(int Wire, Fr Value)>();
        var fromKey = new List<(int Wire, Fr Value)>();
        string? mismatch = null;
        try
        {
            R1csFile.ForEachConstraint(file, header, (row, a, b, _) =>
            {
                for (int matrix = 0; matrix < 2; matrix++)
                {
                    Normalize(matrix == 0 ? a : b, fromR1cs);
                    TakeRow(coefficients, order, ref cursors[matrix], ends[matrix], row, fromKey);
                    mismatch = Compare(fromR1cs, fromKey, $"constraint {row}", Matrices[matrix], $"in {r1csName}", "in the proving key");
                    if (mismatch is not null)
                    {
                        throw new MismatchFound();
                    }
                }
            }, cancellationToken);
        }
        catch (MismatchFound)
        {
            return mismatch;
        }

        // The rows snarkjs appends for the public inputs: w_s · 0 = 0, i.e. A = {s: 1} and B = ∅.
        for (int s = 0; s < publicRows; s++)
        {
            int row = m + s;
            fromR1cs.Clear();
            fromR1cs.Add((s, Fr.One));
            TakeRow(coefficients, order, ref cursors[0], ends[0], row, fromKey);
            mismatch = Compare(fromR1cs, fromKey, $"row {row} (the public-input row of signal {s})", "A", "expected", "in the proving key");
            if (mismatch is not null)
            {
                return mismatch;
            }
        }
        if (cursors[1] < ends[1])
        {
            var extra = coefficients[order[cursors[1]]];
            return $"the proving key has a B coefficient in row {extra.Constraint} (wire {extra.Signal}), beyond the {m} constraints of {r1csName}";
        }
        return null;
    }

    /// <summary>The terms sorted by wire, repeated wires summed, zero terms dropped.</summary>
    private static void Normalize(ReadOnlySpan<R1csTerm> terms, List<(int Wire, Fr Value)> into)
    {
        into.Clear();
        foreach (var term in terms)
        {
            into.Add((term.Wire, term.Coefficient));
        }
        Merge(into);
    }

    /// <summary>The key's entries of one row of one matrix (the cursor advances past them), normalized.</summary>
    private static void TakeRow(ZkeyCoefficient[] coefficients, int[] order, ref int cursor, int end, int row, List<(int Wire, Fr Value)> into)
    {
        into.Clear();
        while (cursor < end && coefficients[order[cursor]].Constraint == row)
        {
            var c = coefficients[order[cursor]];
            into.Add((c.Signal, c.Value));
            cursor++;
        }
        Merge(into);
    }

    private static void Merge(List<(int Wire, Fr Value)> terms)
    {
        terms.Sort(static (x, y) => x.Wire.CompareTo(y.Wire));
        int kept = 0;
        for (int i = 0; i < terms.Count;)
        {
            int wire = terms[i].Wire;
            Fr sum = Fr.Zero;
            for (; i < terms.Count && terms[i].Wire == wire; i++)
            {
                sum += terms[i].Value;
            }
            if (!sum.IsZero)
            {
                terms[kept++] = (wire, sum);
            }
        }
        terms.RemoveRange(kept, terms.Count - kept);
    }

    /// <summary>The first wire whose coefficient differs between two normalized combinations, or null.</summary>
    private static string? Compare(List<(int Wire, Fr Value)> expected, List<(int Wire, Fr Value)> actual, string where, string matrix, string expectedSource, string actualSource)
    {
        int i = 0, j = 0;
        while (i < expected.Count || j < actual.Count)
        {
            int wireE = i < expected.Count ? expected[i].Wire : int.MaxValue;
            int wireA = j < actual.Count ? actual[j].Wire : int.MaxValue;
            int wire = Math.Min(wireE, wireA);
            Fr? e = wireE == wire ? expected[i++].Value : null;
            Fr? a = wireA == wire ? actual[j++].Value : null;
            if (e != a)
            {
                return $"{where}: the {matrix} coefficient of wire {wire} is {Show(e)} {expectedSource}, {Show(a)} {actualSource}";
            }
        }
        return null;
    }

    private static string Show(Fr? value) => value is { } v ? v.ToBigInteger().ToString() : "0 (no term)";

    private sealed class MismatchFound : Exception;
}
