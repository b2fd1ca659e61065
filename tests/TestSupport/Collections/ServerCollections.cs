namespace CredentialHub.TestSupport;

/// <summary>Test classes in this collection share one <see cref="PostgresServer"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}

/// <summary>Test classes in this collection share one <see cref="PostgresServer"/> and one <see cref="RedisServer"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresAndRedisCollection : ICollectionFixture<PostgresServer>, ICollectionFixture<RedisServer>
{
    public const string Name = "PostgreSQL and Redis";
}

/// <summary>Test classes in this collection share one <see cref="RedisServer"/> and run one at a time (some stop it).</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "Redis";
}
