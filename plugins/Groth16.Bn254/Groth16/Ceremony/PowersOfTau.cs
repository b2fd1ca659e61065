using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Groth16.Formats;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// A powers-of-tau file opened by <see cref="PtauFile.Open"/>, its header, section lengths and contributions checked:
/// the points are read on demand, by block, each one checked canonical and on its curve as it is read. Section 2 holds
/// τ^i·G1 (i &lt; 2^(power+1) − 1), 3 τ^i·G2, 4 α·τ^i·G1, 5 β·τ^i·G1 (i &lt; 2^power), 6 β·G2; after
/// <c>prepare phase2</c>, sections 12–15 hold the same in the Lagrange basis of each domain 2^p, block p starting at
/// point 2^p − 1 (p ≤ power, and p = power + 1 in section 12).
/// </summary>
internal sealed class PowersOfTau
{
    internal const int TauG1 = 2;
    internal const int TauG2 = 3;
    internal const int AlphaTauG1 = 4;
    internal const int BetaTauG1 = 5;
    internal const int BetaG2 = 6;
    internal const int ContributionSection = 7;
    internal const int LagrangeTauG1 = 12;
    internal const int LagrangeTauG2 = 13;
    internal const int LagrangeAlphaTauG1 = 14;
    internal const int LagrangeBetaTauG1 = 15;

    /// <summary>Points read and checked per block when a whole section is checked.</summary>
    private const int CheckBlock = 1 << 16;

    internal PowersOfTau(BinFile file, int power, int ceremonyPower, bool prepared, IReadOnlyList<PowersOfTauContribution> contributions)
    {
        File = file;
        Power = power;
        CeremonyPower = ceremonyPower;
        Prepared = prepared;
        Contributions = contributions;
    }

    internal BinFile File { get; }

    internal string Name => File.FileName;

    internal int Power { get; }

    internal int CeremonyPower { get; }

    internal bool Prepared { get; }

    internal IReadOnlyList<PowersOfTauContribution> Contributions { get; }

    /// <summary>Points <paramref name="first"/>..first+count−1 of a G1 section, checked.</summary>
    internal G1Affine[] ReadG1(int section, long first, int count, string name)
    {
        var reader = File.OpenRange(section, (ulong)first * PointEncoding.G1Size, (ulong)count * PointEncoding.G1Size);
        return reader.ReadInPlace(count, name, (ref G1Affine point) => PointEncoding.CheckG1(point), G1Affine.AllValid);
    }

    /// <summary>Points <paramref name="first"/>..first+count−1 of a G2 section, checked (on the twist; not the subgroup).</summary>
    internal G2Affine[] ReadG2(int section, long first, int count, string name)
    {
        var reader = File.OpenRange(section, (ulong)first * PointEncoding.G2Size, (ulong)count * PointEncoding.G2Size);
        return reader.ReadInPlace(count, name, (ref G2Affine point) => PointEncoding.CheckG2(point));
    }

    /// <summary>The block of a Lagrange section for the domain 2^<paramref name="p"/>: its 2^p points.</summary>
    internal G1Affine[] ReadLagrangeG1(int section, int p, string name) =>
        ReadG1(section, (1L << p) - 1, 1 << p, $"{name} (the 2^{p} block)");

    internal G2Affine[] ReadLagrangeG2(int p, string name) =>
        ReadG2(LagrangeTauG2, (1L << p) - 1, 1 << p, $"{name} (the 2^{p} block)");

    /// <summary>
    /// Reads every point of every point section, in blocks, checking each is canonical and on its curve; throws
    /// naming the section and the point's index.
    /// </summary>
    internal void CheckAllPoints(CancellationToken cancellationToken)
    {
        long n = 1L << Power;
        CheckSection(TauG1, 2 * n - 1, g2: false, "tauG1", cancellationToken);
        CheckSection(TauG2, n, g2: true, "tauG2", cancellationToken);
        CheckSection(AlphaTauG1, n, g2: false, "alphaTauG1", cancellationToken);
        CheckSection(BetaTauG1, n, g2: false, "betaTauG1", cancellationToken);
        CheckSection(BetaG2, 1, g2: true, "betaG2", cancellationToken);
        if (Prepared)
        {
            CheckSection(LagrangeTauG1, 4 * n - 1, g2: false, "Lagrange tauG1", cancellationToken);
            CheckSection(LagrangeTauG2, 2 * n - 1, g2: true, "Lagrange tauG2", cancellationToken);
            CheckSection(LagrangeAlphaTauG1, 2 * n - 1, g2: false, "Lagrange alphaTauG1", cancellationToken);
            CheckSection(LagrangeBetaTauG1, 2 * n - 1, g2: false, "Lagrange betaTauG1", cancellationToken);
        }
    }

    private void CheckSection(int section, long count, bool g2, string name, CancellationToken cancellationToken)
    {
        for (long first = 0; first < count; first += CheckBlock)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = (int)Math.Min(CheckBlock, count - first);
            try
            {
                if (g2)
                {
                    ReadG2(section, first, n, name);
                }
                else
                {
                    ReadG1(section, first, n, name);
                }
            }
            catch (BinaryFormatException e) when (first > 0 && e.Problem.StartsWith(name + "[", StringComparison.Ordinal))
            {
                // Indices inside a block are relative to it: report the point's index in the section.
                int close = e.Problem.IndexOf(']', StringComparison.Ordinal);
                long index = first + long.Parse(e.Problem.AsSpan(name.Length + 1, close - name.Length - 1), System.Globalization.CultureInfo.InvariantCulture);
                throw File.Error(section, $"{name}[{index}]{e.Problem[(close + 1)..]}");
            }
        }
    }
}
