using CredentialHub.Bn254.Curves;
using CredentialHub.Groth16.Formats;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// <c>zkey verify &lt;r1cs&gt; &lt;ptau&gt; &lt;zkey&gt;</c> as snarkjs 0.7.6 does it (zkey_verify_fromr1cs.js,
/// zkey_verify_frominit.js): the contribution chain (<see cref="ContributionChain"/>), the initial key rebuilt from the
/// r1cs and the ptau (<see cref="Phase2Setup.Build"/>, in memory), the key compared with it
/// (<see cref="Phase2KeyCheck"/>), and finally the circuit hash the transcript starts from. The ptau is identified by
/// its BLAKE2b-512; its points are checked as they are read (the sections the key is made from), not all of them.
/// </summary>
internal static class ZkeyVerification
{
    internal static KeyVerification Verify(Stream r1cs, string r1csName, Stream ptau, string ptauName, Stream zkey, string zkeyName, CancellationToken cancellationToken)
    {
        // The ptau's BLAKE2b-512 (a pass over the whole file) on another thread, while this one reads the key and checks
        // its contribution chain: the two touch different files. An error in the key is reported first, as before.
        long ptauOrigin = ptau.Position;
        var ptauHashing = Task.Run(() => Blake2b512.OfStream(ptau, cancellationToken), cancellationToken);
        PhaseTwoParameters parameters;
        ProvingKey key;
        G1Affine chainDelta1;
        string? failure;
        try
        {
            long zkeyOrigin = zkey.Position;
            parameters = ZkeyContribution.ReadParameters(zkey, zkeyName);
            zkey.Position = zkeyOrigin;
            key = ZkeyFile.Read(zkey, zkeyName);
            (chainDelta1, failure) = ContributionChain.Check(parameters, cancellationToken);
        }
        catch
        {
            try
            {
                ptauHashing.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
                // The key's error is the one reported.
            }
            throw;
        }
        byte[] ptauHash = ptauHashing.GetAwaiter().GetResult();
        var records = parameters.Contributions.Select(parameters.Record).ToList();

        ptau.Position = ptauOrigin;
        var powers = PtauFile.Open(ptau, ptauName);
        var ptauInfo = new PowersOfTauInfo(ptauName, powers.Power, powers.CeremonyPower, powers.Prepared, powers.Contributions, ptauHash);
        string circuitHash = Convert.ToHexStringLower(parameters.CircuitHash);
        if (failure is not null)
        {
            return new KeyVerification(failure, circuitHash, ptauInfo, records);
        }

        var built = Phase2Setup.Build(r1cs, r1csName, powers, cancellationToken);
        var initial = built.Key;
        var initialInfo = built.Info;
        cancellationToken.ThrowIfCancellationRequested();
        int n = initial.DomainSize;
        var tauG1 = key.DomainSize == n
            ? powers.ReadG1(PowersOfTau.TauG1, 0, 2 * n - 1, "tauG1")
            : [];
        failure = Phase2KeyCheck.FirstFailure(initial, key, chainDelta1, tauG1);
        if (failure is null && !initialInfo.CircuitHash.AsSpan().SequenceEqual(parameters.CircuitHash))
        {
            failure = "the circuit hash in the key's transcript is not the one the r1cs and the ptau give";
        }
        return new KeyVerification(failure, circuitHash, ptauInfo, records);
    }
}
