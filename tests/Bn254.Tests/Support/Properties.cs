using FsCheck;
using FsCheck.Fluent;
using Xunit.Sdk;

namespace CredentialHub.Bn254.Tests.Support;

/// <summary>
/// Runs FsCheck properties from xunit facts. A law is an action that asserts; FsCheck reports the
/// failing inputs and the seed to replay them. Case counts are chosen per cost of one case so that
/// the suite stays fast in a Debug build.
/// </summary>
internal static class Properties
{
    internal const int PrimeFieldRuns = 200;
    internal const int QuadraticFieldRuns = 200;
    internal const int SexticFieldRuns = 100;
    internal const int DodecicFieldRuns = 50;
    internal const int LongExponentRuns = 20;
    internal const int CurveRuns = 20;
    internal const int PairingRuns = 10;

    internal static void ForAll<A>(int runs, Arbitrary<A> a, Action<A> law) =>
        Check.One(Configure(runs), Prop.ForAll(a, law));

    internal static void ForAll<A, B>(int runs, Arbitrary<A> a, Arbitrary<B> b, Action<A, B> law) =>
        Check.One(Configure(runs), Prop.ForAll(a, b, law));

    internal static void ForAll<A, B, C>(int runs, Arbitrary<A> a, Arbitrary<B> b, Arbitrary<C> c, Action<A, B, C> law) =>
        Check.One(Configure(runs), Prop.ForAll(a, b, c, law));

    /// <summary>Checks the law on every edge value first, then on random inputs.</summary>
    internal static void ForEdgesAndAll<A>(IEnumerable<A> edges, int runs, Arbitrary<A> a, Action<A> law)
    {
        foreach (A x in edges)
        {
            OnEdge(() => law(x), x);
        }
        ForAll(runs, a, law);
    }

    /// <summary>Checks the law on every pair of edge values first, then on random inputs.</summary>
    internal static void ForEdgesAndAll<A, B>(IReadOnlyList<A> edgesA, IReadOnlyList<B> edgesB, int runs,
        Arbitrary<A> a, Arbitrary<B> b, Action<A, B> law)
    {
        foreach (A x in edgesA)
        {
            foreach (B y in edgesB)
            {
                OnEdge(() => law(x, y), (x, y));
            }
        }
        ForAll(runs, a, b, law);
    }

    private static void OnEdge(Action check, object? input)
    {
        try
        {
            check();
        }
        catch (Exception e)
        {
            throw new XunitException($"Falsified by the edge value {input}: {e.Message}", e);
        }
    }

    private static Config Configure(int runs) => Config.QuickThrowOnFailure.WithMaxTest(runs).WithQuietOnSuccess(true);
}
