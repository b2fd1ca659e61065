using System.Reflection;
using System.Runtime.ExceptionServices;
using StackExchange.Redis;

namespace CredentialHub.Storage;

/// <summary>
/// A view of the shared multiplexer, or of one of its databases, that cannot close or dispose it (see
/// <see cref="RedisConnection.BorrowAsync"/>): on the multiplexer view Close, CloseAsync, Dispose and DisposeAsync do
/// nothing and GetDatabase answers a database view; on a database view Multiplexer answers the multiplexer view. Every
/// other member is the shared object's own.
/// </summary>
internal class BorrowedRedis : DispatchProxy
{
    private object _target = null!;
    private IConnectionMultiplexer _view = null!;

    /// <summary>A view of <paramref name="multiplexer"/> that cannot close or dispose it.</summary>
    public static IConnectionMultiplexer Multiplexer(IConnectionMultiplexer multiplexer)
    {
        var view = Create<IConnectionMultiplexer, BorrowedRedis>();
        var proxy = (BorrowedRedis)(object)view;
        proxy._target = multiplexer;
        proxy._view = view;
        return view;
    }

    private static IDatabase Database(IDatabase database, IConnectionMultiplexer view)
    {
        var proxy = Create<IDatabase, BorrowedRedis>();
        ((BorrowedRedis)(object)proxy)._target = database;
        ((BorrowedRedis)(object)proxy)._view = view;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (_target is IConnectionMultiplexer)
        {
            switch (targetMethod.Name)
            {
                case nameof(IConnectionMultiplexer.Close):
                case nameof(IDisposable.Dispose):
                    return null;
                case nameof(IConnectionMultiplexer.CloseAsync):
                    return Task.CompletedTask;
                case nameof(IAsyncDisposable.DisposeAsync):
                    return ValueTask.CompletedTask;
                case nameof(IConnectionMultiplexer.GetDatabase):
                    return Database((IDatabase)Forward(targetMethod, args)!, _view);
            }
        }
        else if (targetMethod.Name == "get_" + nameof(IDatabase.Multiplexer))
        {
            return _view;
        }
        return Forward(targetMethod, args);
    }

    private object? Forward(MethodInfo method, object?[]? args)
    {
        try
        {
            return method.Invoke(_target, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
