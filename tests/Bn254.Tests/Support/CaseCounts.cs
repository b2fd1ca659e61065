namespace CredentialHub.Bn254.Tests.Support;

/// <summary>
/// How many random cases each kind of property runs (<c>[Property(MaxTest = …)]</c>, or <c>[Properties(MaxTest = …)]</c>
/// on a class that binds a generic suite to one field), chosen per cost of one case so that the suite stays fast in a
/// Debug build. A failing property prints the seed to replay it with (<c>[Property(Replay = "(seed, gamma)")]</c>).
/// </summary>
internal static class CaseCounts
{
    internal const int PrimeField = 200;
    internal const int QuadraticField = 200;
    internal const int SexticField = 100;
    internal const int DodecicField = 50;
    internal const int LongExponent = 20;
    internal const int Curve = 20;
    internal const int Pairing = 10;
}
