using System.Security.Cryptography;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Msm;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16;

/// <summary>
/// Batch verification of many Groth16 proofs under one key by a random linear combination of their
/// verification equations (the small-exponents test of Bellare, Garay and Rabin, "Fast batch verification
/// for modular exponentiation and digital signatures", EUROCRYPT 1998; for pairings, Camenisch, Hohenberger
/// and Pedersen, "Batch verification of short signatures", EUROCRYPT 2007, and Zcash's Sapling batch
/// verifier). For proofs (Aᵢ, Bᵢ, Cᵢ) with public inputs xᵢ and independent uniform 128-bit weights rᵢ ≠ 0
/// drawn after the proofs are fixed, it checks
///   Πᵢ e(rᵢ·Aᵢ, Bᵢ) · e(−Σᵢ rᵢ·vk_xᵢ, γ) · e(−Σᵢ rᵢ·Cᵢ, δ) · e(−(Σᵢ rᵢ)·α, β) = 1
/// with one multi-Miller loop (γ, δ and β with the key's precomputed lines) and one final exponentiation, where
/// Σᵢ rᵢ·vk_xᵢ = (Σᵢ rᵢ)·IC₀ + Σⱼ (Σᵢ rᵢ·xᵢⱼ)·ICⱼ costs one fixed-base multiplication per public signal and
/// Σᵢ rᵢ·Cᵢ one small MSM. A proof then costs its reading and checks, the lines of Bᵢ, rᵢ·Aᵢ and one pair of
/// the Miller loop, instead of three pairs and a final exponentiation; the per-proof work and the Miller loop's
/// slices run on every core.
///
/// Soundness. Every proof first passes exactly the checks of <see cref="Groth16Verifier"/> (the same code):
/// A, C ∈ G1 and B ∈ G2, none the identity, signals canonical and nPublic of them. So every point is in a
/// group of prime order r and e is bilinear into the cyclic group GT of order r. Write proof i's defect
/// Dᵢ = e(Aᵢ, Bᵢ)·e(vk_xᵢ, γ)⁻¹·e(Cᵢ, δ)⁻¹·e(α, β)⁻¹ = g^dᵢ; the proof is valid iff dᵢ = 0, and by
/// bilinearity the batch product is Πᵢ Dᵢ^rᵢ = g^(Σ rᵢ·dᵢ). If some dⱼ ≠ 0, then for any values of the other
/// weights Σ rᵢ·dᵢ ≡ 0 (mod r) fixes rⱼ to one residue mod r, hence to at most one of the 2¹²⁸ − 1 allowed
/// values (2¹²⁸ &lt; r): the batch accepts with probability at most 1/(2¹²⁸ − 1). Without the membership
/// checks the defects could have small order and cancel with far higher probability; without randomness
/// (all rᵢ = 1) two wrong proofs whose defects are inverse (C + T and C − T) would pass together.
///
/// Finding the invalid proofs. A failed check is bisected: halves are checked with the same weights (each
/// check alone has the error bound above, so k checks have at most k/(2¹²⁸ − 1)); when a range fails and its
/// left half holds, the right half must fail (the range's product is the product of its halves' products)
/// and is split without a check. Valid proofs contribute 1 to every product, so only invalid proofs reach a
/// range of one, which the single verifier then checks to give its outcome and reason. Hence each outcome
/// is exactly the one <see cref="Groth16Verifier.Verify(VerificationKey, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>
/// gives, except with probability at most 2n/(2¹²⁸ − 1) of calling an invalid proof valid. Not constant time.
/// </summary>
public static class Groth16BatchVerifier
{
    /// <summary>
    /// The outcome of each item, in order, as the single verifier would give it; an unreadable document is
    /// an invalid outcome with the <see cref="ProofFormatException"/>'s message as its reason.
    /// </summary>
    public static VerificationOutcome[] Verify(VerificationKey key, IReadOnlyList<ProofToVerify> items)
    {
        var outcomes = new VerificationOutcome[items.Count];
        var read = new (VerificationOutcome? Refused, Fr[] Signals, Groth16Proof Proof)[items.Count];
        Parallel.For(0, items.Count, i => read[i] = Read(key, items[i]));
        var indices = new List<int>(items.Count);
        var signals = new List<Fr[]>(items.Count);
        var proofs = new List<Groth16Proof>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            var (refused, itemSignals, proof) = read[i];
            if (refused is not null)
            {
                outcomes[i] = refused;
            }
            else
            {
                indices.Add(i);
                signals.Add(itemSignals);
                proofs.Add(proof);
            }
        }
        if (indices.Count == 0)
        {
            return outcomes;
        }
        if (indices.Count == 1)
        {
            // One proof gains nothing from a combination: its own equation is cheaper (no β pair, no weights).
            outcomes[indices[0]] = Groth16Verifier.VerifyChecked(key, signals[0], proofs[0]);
            return outcomes;
        }
        var batch = new Batch(key, signals.ToArray(), proofs.ToArray(), RandomWeights(indices.Count));
        batch.Resolve(0, indices.Count, knownToFail: false, (at, outcome) => outcomes[indices[at]] = outcome);
        return outcomes;
    }

    /// <summary>
    /// Whether the combined equation holds for these proofs (each already past the single verifier's checks)
    /// under the given nonzero weights; <see cref="Verify"/> draws them at random, the tests also pass fixed ones.
    /// </summary>
    internal static bool CombinedEquationHolds(VerificationKey key, Fr[][] signals, Groth16Proof[] proofs, Fr[] weights) =>
        new Batch(key, signals, proofs, weights).Holds(0, proofs.Length);

    /// <summary>The single verifier's reading and checks: the refusal, or the decoded signals and proof.</summary>
    private static (VerificationOutcome? Refused, Fr[] Signals, Groth16Proof Proof) Read(VerificationKey key, ProofToVerify item)
    {
        try
        {
            // Decoding checks what Groth16Verifier.Check does (points on their curves, B in G2, no identity).
            var refused = Groth16Verifier.Decode(key, item.PublicSignalsJson.Span, item.ProofJson.Span, out Fr[] signals, out var proof);
            return (refused, signals, proof);
        }
        catch (ProofFormatException e)
        {
            return (VerificationOutcome.Invalid(e.Message), [], null!);
        }
    }

    /// <summary>Independent uniform weights in [1, 2¹²⁸) from the system's cryptographic generator.</summary>
    private static Fr[] RandomWeights(int count)
    {
        var weights = new Fr[count];
        Span<byte> bytes = stackalloc byte[32];
        for (int i = 0; i < count; i++)
        {
            do
            {
                bytes.Clear();
                RandomNumberGenerator.Fill(bytes[..16]);
            }
            while (!Fr.TryReadBytes(bytes, bigEndian: false, out weights[i]) || weights[i].IsZero);
        }
        bytes.Clear();
        return weights;
    }

    /// <summary>Proofs past the single verifier's checks with their weights, rᵢ·Aᵢ and the lines of Bᵢ.</summary>
    private sealed class Batch
    {
        private readonly VerificationKey _key;
        private readonly Fr[][] _signals;
        private readonly Groth16Proof[] _proofs;
        private readonly Fr[] _weights;
        private readonly G1Affine[] _weightedA;
        private readonly G1Affine[] _c;
        private readonly G2Prepared[] _b;

        internal Batch(VerificationKey key, Fr[][] signals, Groth16Proof[] proofs, Fr[] weights)
        {
            _key = key;
            _signals = signals;
            _proofs = proofs;
            _weights = weights;
            var weightedA = new G1Jacobian[proofs.Length];
            _c = new G1Affine[proofs.Length];
            _b = new G2Prepared[proofs.Length];
            Parallel.For(0, proofs.Length, i =>
            {
                weightedA[i] = proofs[i].A.Multiply(weights[i].ToBigInteger());
                _c[i] = proofs[i].C;
                _b[i] = G2Prepared.Prepare(proofs[i].B);
            });
            _weightedA = G1Jacobian.BatchToAffine(weightedA);
        }

        /// <summary>Sets the outcome of every proof in [from, to); knownToFail skips the check of the whole range.</summary>
        internal void Resolve(int from, int to, bool knownToFail, Action<int, VerificationOutcome> report)
        {
            if (!knownToFail && Holds(from, to))
            {
                for (int i = from; i < to; i++)
                {
                    report(i, VerificationOutcome.Valid);
                }
                return;
            }
            if (to - from == 1)
            {
                report(from, Groth16Verifier.VerifyChecked(_key, _signals[from], _proofs[from]));
                return;
            }
            int middle = from + (to - from) / 2;
            bool leftHolds = Holds(from, middle);
            if (leftHolds)
            {
                for (int i = from; i < middle; i++)
                {
                    report(i, VerificationOutcome.Valid);
                }
            }
            else
            {
                Resolve(from, middle, knownToFail: true, report);
            }
            // The range failed: if its left half holds, its right half cannot.
            Resolve(middle, to, knownToFail: leftHolds, report);
        }

        /// <summary>The combined equation over the proofs in [from, to).</summary>
        internal bool Holds(int from, int to)
        {
            int count = to - from;
            int publicCount = _key.PublicSignalCount;
            var weights = _weights.AsSpan(from, count);
            Fr weightSum = Fr.Zero;
            var signalSums = new Fr[publicCount];
            for (int i = 0; i < count; i++)
            {
                weightSum += weights[i];
                var signals = _signals[from + i];
                for (int j = 0; j < publicCount; j++)
                {
                    signalSums[j] += weights[i] * signals[j];
                }
            }
            var weightSumInteger = weightSum.ToBigInteger();
            G1Jacobian publicInputs = _key.IC[0].Multiply(weightSumInteger);
            for (int j = 0; j < publicCount; j++)
            {
                publicInputs += _key.ICTables[j].Multiply(signalSums[j]);
            }
            G1Jacobian c = Msm.MultiScalarMul(_c.AsSpan(from, count), weights, maxDegreeOfParallelism: 1);
            G1Jacobian alpha = _key.Alpha1.Multiply(weightSumInteger);
            G1Affine[] negated = G1Jacobian.BatchToAffine([-publicInputs, -c, -alpha]);

            var ps = new G1Affine[count + 3];
            var qs = new G2Prepared[count + 3];
            _weightedA.AsSpan(from, count).CopyTo(ps);
            _b.AsSpan(from, count).CopyTo(qs);
            negated.CopyTo(ps.AsSpan(count));
            qs[count] = _key.GammaPrepared;
            qs[count + 1] = _key.DeltaPrepared;
            qs[count + 2] = _key.BetaPrepared;
            return Pairing.FinalExponentiation(MillerLoop(ps, qs)).IsOne;
        }

        /// <summary>
        /// The multi-Miller loop split into one slice of pairs per core: the loop's value is the product of the
        /// values of any partition of its pairs (each slice squares its own accumulator), so only the squarings
        /// are repeated per slice.
        /// </summary>
        private static Fp12 MillerLoop(G1Affine[] ps, G2Prepared[] qs)
        {
            const int minimumSlice = 4;
            int slices = Math.Clamp(ps.Length / minimumSlice, 1, Environment.ProcessorCount);
            if (slices == 1)
            {
                return Pairing.MillerLoop(ps, qs);
            }
            var values = new Fp12[slices];
            Parallel.For(0, slices, s =>
            {
                int from = ps.Length * s / slices, to = ps.Length * (s + 1) / slices;
                values[s] = Pairing.MillerLoop(ps.AsSpan(from, to - from), qs.AsSpan(from, to - from));
            });
            Fp12 product = values[0];
            for (int s = 1; s < slices; s++)
            {
                product *= values[s];
            }
            return product;
        }
    }
}
