using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace CredentialHub.Integration.Tests.Support;

/// <summary>Everything a test database and a Redis server hold, as text to search for values that must not be there.</summary>
internal static class StoredData
{
    /// <summary>
    /// Every row of every table outside the system schemas, as <c>schema.table: row_to_json(row)</c> lines (bytea
    /// columns appear as \x hex), plus the contents of any large objects.
    /// </summary>
    internal static async Task<string> DumpDatabaseAsync(string connectionString)
    {
        var text = new StringBuilder();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<(string Schema, string Table)>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2",
            connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        foreach (var (schema, table) in tables)
        {
            string name = $"\"{schema.Replace("\"", "\"\"", StringComparison.Ordinal)}\".\"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            await using var select = new NpgsqlCommand($"SELECT row_to_json(t)::text FROM {name} t", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.Append(schema).Append('.').Append(table).Append(": ").AppendLine(reader.GetString(0));
            }
        }
        await using (var objects = new NpgsqlCommand("SELECT encode(data, 'hex') FROM pg_largeobject", connection))
        {
            try
            {
                await using var reader = await objects.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    text.Append("largeobject: \\x").AppendLine(reader.GetString(0));
                }
            }
            catch (PostgresException)
            {
                // pg_largeobject needs superuser rights on some servers; the tables are what matters.
            }
        }
        return text.ToString();
    }

    /// <summary>The names of the tables the dump covered (to make sure it is not trivially empty).</summary>
    internal static IEnumerable<string> Tables(string dump) =>
        dump.Split('\n').Select(l => l.Split(": ", 2)[0]).Where(t => t.Length > 0).Distinct();

    /// <summary>Lowercase hex of a value's UTF-8 bytes: how it would show inside a bytea column of the dump.</summary>
    internal static string Hex(string value) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(value));

    /// <summary>Every key of a Redis server with its value (strings, hashes, lists, sets, sorted sets, streams), one per line.</summary>
    internal static string DumpRedis(int port)
    {
        using var client = new TcpClient();
        client.Connect("127.0.0.1", port);
        client.ReceiveTimeout = 5000;
        client.SendTimeout = 5000;
        using var stream = client.GetStream();
        var text = new StringBuilder();
        var databases = Resp.Call(stream, "CONFIG", "GET", "databases") is object[] { Length: 2 } config && int.TryParse(Resp.AsString(config[1]), out int n) ? n : 16;
        for (int db = 0; db < databases; db++)
        {
            Resp.Call(stream, "SELECT", db.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (Resp.Call(stream, "KEYS", "*") is not object[] keys)
            {
                continue;
            }
            foreach (string key in keys.Select(Resp.AsString))
            {
                string type = Resp.AsString(Resp.Call(stream, "TYPE", key));
                object? value = type switch
                {
                    "string" => Resp.Call(stream, "GET", key),
                    "hash" => Resp.Call(stream, "HGETALL", key),
                    "list" => Resp.Call(stream, "LRANGE", key, "0", "-1"),
                    "set" => Resp.Call(stream, "SMEMBERS", key),
                    "zset" => Resp.Call(stream, "ZRANGE", key, "0", "-1", "WITHSCORES"),
                    "stream" => Resp.Call(stream, "XRANGE", key, "-", "+"),
                    _ => null,
                };
                text.Append("db").Append(db).Append(' ').Append(key).Append(" (").Append(type).Append("): ").AppendLine(Resp.Flatten(value));
            }
        }
        return text.ToString();
    }

    /// <summary>The server's CLIENT LIST: one line per client connection (fields id, addr, name, sub, psub, cmd, …).</summary>
    internal static IReadOnlyList<string> RedisClients(int port)
    {
        using var client = new TcpClient();
        client.Connect("127.0.0.1", port);
        client.ReceiveTimeout = 5000;
        client.SendTimeout = 5000;
        using var stream = client.GetStream();
        return Resp.AsString(Resp.Call(stream, "CLIENT", "LIST")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Just enough of the Redis protocol (RESP2) to read a server's contents.</summary>
    private static class Resp
    {
        public static object? Call(NetworkStream stream, params string[] command)
        {
            var request = new StringBuilder().Append('*').Append(command.Length).Append("\r\n");
            foreach (string part in command)
            {
                request.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
            }
            stream.Write(Encoding.UTF8.GetBytes(request.ToString()));
            return Read(stream);
        }

        public static string AsString(object? value) => value switch
        {
            null => "",
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            _ => value.ToString() ?? "",
        };

        public static string Flatten(object? value) => value is object[] items ? string.Join(" | ", items.Select(Flatten)) : AsString(value);

        private static object? Read(NetworkStream stream)
        {
            string line = ReadLine(stream);
            switch (line[0])
            {
                case '+':
                    return line[1..];
                case '-':
                    throw new InvalidOperationException($"Redis error: {line[1..]}");
                case ':':
                    return long.Parse(line[1..], System.Globalization.CultureInfo.InvariantCulture);
                case '$':
                    int length = int.Parse(line[1..], System.Globalization.CultureInfo.InvariantCulture);
                    if (length < 0)
                    {
                        return null;
                    }
                    var data = new byte[length + 2];
                    stream.ReadExactly(data);
                    return data[..length];
                case '*':
                    int count = int.Parse(line[1..], System.Globalization.CultureInfo.InvariantCulture);
                    if (count < 0)
                    {
                        return null;
                    }
                    var items = new object?[count];
                    for (int i = 0; i < count; i++)
                    {
                        items[i] = Read(stream);
                    }
                    return items;
                default:
                    throw new InvalidOperationException($"unexpected Redis reply: {line}");
            }
        }

        private static string ReadLine(NetworkStream stream)
        {
            var bytes = new List<byte>();
            while (true)
            {
                int b = stream.ReadByte();
                if (b < 0)
                {
                    throw new IOException("Redis closed the connection");
                }
                if (b == '\n' && bytes.Count > 0 && bytes[^1] == '\r')
                {
                    return Encoding.UTF8.GetString(bytes.ToArray(), 0, bytes.Count - 1);
                }
                bytes.Add((byte)b);
            }
        }
    }
}
