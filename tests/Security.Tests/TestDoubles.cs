using System.Collections.Concurrent;
using CredentialHub.Tests.Support;
using Microsoft.Extensions.Logging;

namespace CredentialHub.Security.Tests;

/// <summary>Keeps what was logged, for assertions.</summary>
internal sealed class TestLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception)));

    public int Warnings => Entries.Count(e => e.Level == LogLevel.Warning);

    public int Informations => Entries.Count(e => e.Level == LogLevel.Information);
}

/// <summary>A clock that moves only when told; safe to read while another thread moves it.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>Test classes in this collection share one <see cref="RedisServer"/> and run one at a time (some stop it).</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "Redis";
}
