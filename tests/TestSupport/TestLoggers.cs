using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CredentialHub.TestSupport;

/// <summary>One logged line.</summary>
public sealed record LogEntry(string Category, LogLevel Level, string Message);

/// <summary>Keeps what was logged, for assertions; a logger made by a <see cref="TestLoggerFactory"/> also hands every line to it.</summary>
public class TestLogger(string category, TestLoggerFactory? factory = null) : ILogger
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public int Warnings => Entries.Count(e => e.Level == LogLevel.Warning);

    public int Informations => Entries.Count(e => e.Level == LogLevel.Information);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var entry = new LogEntry(category, logLevel, formatter(state, exception));
        Entries.Enqueue(entry);
        factory?.Entries.Enqueue(entry);
    }
}

/// <inheritdoc cref="TestLogger"/>
public sealed class TestLogger<T>(TestLoggerFactory? factory = null) : TestLogger(typeof(T).FullName!, factory), ILogger<T>;

/// <summary>Keeps every line its loggers write, with its category, for assertions.</summary>
public sealed class TestLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new TestLogger(categoryName, this);

    public TestLogger<T> CreateLogger<T>() => new(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
