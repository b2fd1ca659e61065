namespace CredentialHub.Groth16.Tests.Ceremony;

/// <summary>The test classes that share one <see cref="CeremonyFixture"/> (made once per run).</summary>
[CollectionDefinition(Name)]
public sealed class CeremonyCollection : ICollectionFixture<CeremonyFixture>
{
    public const string Name = "snarkjs ceremony";
}
