using StackExchange.Redis;

namespace CredentialHub.Security.Storage;

/// <summary>
/// The Redis connection shared by the rate-limit and nonce stores: one multiplexer, connected on first use with
/// <c>abortConnect=false</c> (an unreachable server does not fail the connect; the multiplexer keeps retrying in the
/// background) and connect and sync timeouts of <see cref="DefaultTimeout"/> unless the configuration sets them.
/// Every call made through <see cref="RunAsync{T}"/> is bounded by the sync timeout, which StackExchange.Redis 1.x
/// does not apply to async calls itself.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable, IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    private readonly ConfigurationOptions _options;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private readonly Lock _gate = new();
    private volatile ConnectionMultiplexer? _multiplexer;
    private bool _disposed;

    /// <param name="configuration">A StackExchange.Redis configuration string (e.g. <c>host:6379,password=…</c>).</param>
    /// <exception cref="ArgumentException">The configuration cannot be parsed.</exception>
    public RedisConnection(string configuration)
    {
        _options = ParseOptions(configuration);
        OperationTimeout = TimeSpan.FromMilliseconds(_options.SyncTimeout);
    }

    /// <summary>How long one call may take before it fails with a <see cref="TimeoutException"/>.</summary>
    public TimeSpan OperationTimeout { get; }

    /// <summary>The options a configuration string connects with; throws <see cref="ArgumentException"/> when it is invalid.</summary>
    public static ConfigurationOptions ParseOptions(string configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        int timeout = (int)DefaultTimeout.TotalMilliseconds;
        if (!Sets(configuration, "connectTimeout"))
        {
            options.ConnectTimeout = timeout;
        }
        if (!Sets(configuration, "syncTimeout"))
        {
            options.SyncTimeout = timeout;
        }
        return options;
    }

    /// <summary>
    /// Runs <paramref name="operation"/> on the database, connecting first if needed. Redis trouble surfaces as
    /// <see cref="RedisException"/>, <see cref="TimeoutException"/> or (after disposal) <see cref="ObjectDisposedException"/>.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> operation, CancellationToken cancellationToken)
    {
        var multiplexer = await MultiplexerAsync(cancellationToken);
        return await operation(multiplexer.GetDatabase()).WaitAsync(OperationTimeout, cancellationToken);
    }

    public void Dispose()
    {
        ConnectionMultiplexer? multiplexer;
        lock (_gate)
        {
            _disposed = true;
            multiplexer = _multiplexer;
            _multiplexer = null;
        }
        multiplexer?.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<ConnectionMultiplexer> MultiplexerAsync(CancellationToken cancellationToken)
    {
        if (_multiplexer is { } connected)
        {
            return connected;
        }
        await _connecting.WaitAsync(cancellationToken);
        try
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_multiplexer is { } other)
                {
                    return other;
                }
            }
            // abortConnect=false: returns once the first attempt is over, connected or not.
            var created = await ConnectionMultiplexer.ConnectAsync(_options.Clone());
            lock (_gate)
            {
                if (!_disposed)
                {
                    return _multiplexer = created;
                }
            }
            created.Dispose();
            throw new ObjectDisposedException(nameof(RedisConnection));
        }
        finally
        {
            _connecting.Release();
        }
    }

    private static bool Sets(string configuration, string option) =>
        configuration.Split(',').Any(part => part.TrimStart().StartsWith(option + "=", StringComparison.OrdinalIgnoreCase));
}
