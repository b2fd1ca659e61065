using System.Net.Sockets;
using StackExchange.Redis;

namespace CredentialHub.Storage;

/// <summary>
/// The host's one Redis connection (REDIS_URL), shared by every module that uses Redis: one
/// <see cref="IConnectionMultiplexer"/>, created on first use (never during start-up), that an unreachable server does
/// not fail (abortConnect=false: it keeps reconnecting in the background). Every call is bounded by StackExchange.Redis's
/// own timeouts, <see cref="DefaultTimeout"/> for connect, sync and async calls unless the configuration sets them, and
/// nothing is queued while the server is away (<see cref="BacklogPolicy.FailFast"/>): a caller with a fallback (rate
/// limits, nonces, the proof cache, the health check) learns at once that Redis is unreachable, and Redis is used
/// again as soon as the multiplexer has reconnected. Only this object disposes the multiplexer.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable, IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    private readonly ConfigurationOptions _options;
    private readonly Lock _gate = new();
    private Task<ConnectionMultiplexer>? _connecting;
    private IConnectionMultiplexer? _borrowed;
    private bool _disposed;

    /// <param name="configuration">A StackExchange.Redis configuration string (e.g. <c>host:6379,password=…</c>).</param>
    /// <exception cref="ArgumentException">The configuration cannot be parsed.</exception>
    public RedisConnection(string configuration)
    {
        _options = ParseOptions(configuration);
        Configuration = configuration;
    }

    /// <summary>The configuration string this connection was made from.</summary>
    public string Configuration { get; }

    /// <summary>How long one async call may take before it fails with a <see cref="RedisTimeoutException"/>.</summary>
    public TimeSpan OperationTimeout => TimeSpan.FromMilliseconds(_options.AsyncTimeout);

    /// <summary>Whether the multiplexer exists and is connected now.</summary>
    public bool IsConnected => _connecting is { IsCompletedSuccessfully: true } connecting && connecting.Result.IsConnected;

    /// <summary>
    /// The options a configuration string connects with: abortConnect=false, fail-fast while disconnected, connect and
    /// sync timeouts of <see cref="DefaultTimeout"/> unless set (the async timeout follows the sync timeout unless set).
    /// </summary>
    /// <exception cref="ArgumentException">The configuration cannot be parsed.</exception>
    public static ConfigurationOptions ParseOptions(string configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
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

    /// <summary>Whether an exception means Redis is unreachable, slow or refusing, rather than a bug of the caller.</summary>
    public static bool IsRedisTrouble(Exception e) =>
        e is RedisException or TimeoutException or ObjectDisposedException or SocketException or IOException;

    /// <summary>
    /// The shared multiplexer, created by the first call. Returns once the first connection attempt is over (within the
    /// connect timeout), connected or not; the multiplexer keeps reconnecting by itself. Do not close or dispose it: a
    /// library that does gets <see cref="BorrowAsync"/>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The connection has been disposed.</exception>
    public async Task<IConnectionMultiplexer> ConnectAsync()
    {
        Task<ConnectionMultiplexer> connecting;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // An attempt that threw (not an unreachable server, which connects in the background) is made again.
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled)
            {
                _connecting = ConnectionMultiplexer.ConnectAsync(_options.Clone());
            }
            connecting = _connecting;
        }
        return await connecting;
    }

    /// <summary>The database of the shared multiplexer (see <see cref="ConnectAsync"/>).</summary>
    public async Task<IDatabase> GetDatabaseAsync() => (await ConnectAsync()).GetDatabase();

    /// <summary>
    /// The shared multiplexer for a library that closes or disposes the multiplexer it is handed (RedisCache does when
    /// it is disposed, through its database's <see cref="IRedisAsync.Multiplexer"/>): a view whose Close and Dispose
    /// do nothing and whose databases name the view as their multiplexer; everything else is the shared multiplexer's.
    /// </summary>
    public async Task<IConnectionMultiplexer> BorrowAsync()
    {
        var multiplexer = await ConnectAsync();
        lock (_gate)
        {
            return _borrowed ??= BorrowedRedis.Multiplexer(multiplexer);
        }
    }

    public void Dispose()
    {
        Task<ConnectionMultiplexer>? connecting;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            connecting = _connecting;
        }
        if (connecting is null)
        {
            return;
        }
        if (connecting.IsCompletedSuccessfully)
        {
            connecting.Result.Dispose();
        }
        else
        {
            // Still connecting: dispose the multiplexer once it exists.
            connecting.ContinueWith(done => done.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static bool Sets(string configuration, string option) =>
        configuration.Split(',').Any(part => part.TrimStart().StartsWith(option + "=", StringComparison.OrdinalIgnoreCase));
}
