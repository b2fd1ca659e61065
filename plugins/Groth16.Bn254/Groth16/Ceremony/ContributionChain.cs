using CredentialHub.Bn254.Curves;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// Checks a key's phase-2 transcript as <c>snarkjs zkey verify</c> does, contribution by contribution: the transcript
/// hash is the circuit hash and every earlier public key followed by this one's g1_s and g1_sx; the proof of knowledge
/// holds (g1_sx/g1_s = g2_spx/hashToG2(transcript)); deltaAfter is the previous δ₁ times that same secret; and a
/// beacon's key is the one its beacon hash and exponent give, so anyone can redo it.
/// </summary>
internal static class ContributionChain
{
    /// <summary>δ₁ after the last contribution (the generator when there is none), or the first check that failed.</summary>
    internal static (G1Affine Delta1, string? Failure) Check(PhaseTwoParameters parameters, CancellationToken cancellationToken)
    {
        var delta = G1Affine.Generator;
        var contributions = parameters.Contributions;
        for (int i = 0; i < contributions.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var c = contributions[i];
            string at = c.Name is { Length: > 0 } name ? $"contribution #{i + 1} ({name})" : $"contribution #{i + 1}";
            var before = new PhaseTwoParameters(parameters.CircuitHash, [.. contributions.Take(i)]);
            if (!before.TranscriptFor(c.G1S, c.G1Sx).AsSpan().SequenceEqual(c.Transcript))
            {
                return (delta, $"{at}: its transcript hash is not the hash of the circuit and the contributions before it");
            }
            G2Affine g2Sp = HashToG2.Hash(c.Transcript);
            if (!SameRatio.Holds(c.G1S, c.G1Sx, g2Sp, c.G2Spx))
            {
                return (delta, $"{at}: its proof of knowledge does not hold (g1_s, g1_sx and g2_sp, g2_spx do not have the same ratio)");
            }
            if (!SameRatio.Holds(delta, c.DeltaAfter, g2Sp, c.G2Spx))
            {
                return (delta, $"{at}: deltaAfter is not the previous delta times the contribution's secret");
            }
            if (c.IsBeacon)
            {
                if (c.BeaconHash is not { Length: > 0 } beaconHash || c.IterationsExponent is not { } exponent
                    || exponent < ContributionRecord.MinIterationsExponent || exponent > ContributionRecord.MaxIterationsExponent)
                {
                    return (delta, $"{at}: a beacon without a usable beacon hash and iterations exponent");
                }
                var rng = ContributionRandomness.FromBeacon(beaconHash, exponent, cancellationToken);
                try
                {
                    var secret = RngSampling.NextFr(rng);
                    var g1S = RngSampling.NextG1(rng);
                    var g1Sx = g1S.ToJacobian().Multiply(secret).ToAffine();
                    if (g1S != c.G1S || g1Sx != c.G1Sx)
                    {
                        return (delta, $"{at}: the beacon's key is not the one its beacon hash and iterations exponent give");
                    }
                }
                finally
                {
                    rng.Clear();
                }
            }
            delta = c.DeltaAfter;
        }
        return (delta, null);
    }
}
