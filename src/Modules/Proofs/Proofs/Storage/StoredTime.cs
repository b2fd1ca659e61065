namespace CredentialHub.Proofs.Storage;

/// <summary>
/// A time as PostgreSQL's <c>timestamp with time zone</c> keeps it: UTC (Npgsql refuses other offsets) and
/// truncated to whole microseconds (.NET ticks are 100 ns).
/// </summary>
internal static class StoredTime
{
    public static DateTimeOffset Of(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
    }
}
