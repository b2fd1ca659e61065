using System.Buffers.Binary;
using System.Text;

namespace CredentialHub.Integration.Tests.Support;

/// <summary>
/// One span of an OTLP <c>ExportTraceServiceRequest</c>, read straight from the protobuf wire format
/// (opentelemetry-proto: trace/v1/trace.proto, common/v1/common.proto): its ids, name, instrumentation scope,
/// attributes (as text), status, and every text it carries anywhere (attribute values, event names and attributes,
/// status message).
/// </summary>
internal sealed record OtlpSpan(
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    string Scope,
    IReadOnlyDictionary<string, string> Attributes,
    int StatusCode,
    IReadOnlyList<string> Texts)
{
    public string? Attribute(string key) => Attributes.TryGetValue(key, out var value) ? value : null;

    public override string ToString() => $"{Name} [{Scope}] {TraceId}/{SpanId}←{ParentSpanId} {string.Join(", ", Attributes.Select(a => $"{a.Key}={a.Value}"))}";

    /// <summary>The spans of one export request body.</summary>
    public static IEnumerable<OtlpSpan> Read(byte[] body)
    {
        foreach (var resourceSpans in Fields(body).Where(f => f.Number == 1))
        {
            foreach (var scopeSpans in Fields(resourceSpans.Bytes).Where(f => f.Number == 2))
            {
                string scope = "";
                var spans = new List<byte[]>();
                foreach (var field in Fields(scopeSpans.Bytes))
                {
                    if (field.Number == 1)
                    {
                        scope = Fields(field.Bytes).Where(f => f.Number == 1).Select(f => f.Text).FirstOrDefault() ?? "";
                    }
                    else if (field.Number == 2)
                    {
                        spans.Add(field.Bytes);
                    }
                }
                foreach (var span in spans)
                {
                    yield return Span(span, scope);
                }
            }
        }
    }

    private static OtlpSpan Span(byte[] span, string scope)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        int status = 0;
        var attributes = new Dictionary<string, string>();
        var texts = new List<string>();
        foreach (var field in Fields(span))
        {
            switch (field.Number)
            {
                case 1: traceId = Convert.ToHexStringLower(field.Bytes); break;
                case 2: spanId = Convert.ToHexStringLower(field.Bytes); break;
                case 4: parent = Convert.ToHexStringLower(field.Bytes); break;
                case 5: name = field.Text; texts.Add(name); break;
                case 9:
                    var (key, value) = KeyValue(field.Bytes, texts);
                    attributes[key] = value;
                    break;
                case 11: // events: name and attributes
                    foreach (var part in Fields(field.Bytes))
                    {
                        if (part.Number == 2)
                        {
                            texts.Add(part.Text);
                        }
                        else if (part.Number == 3)
                        {
                            KeyValue(part.Bytes, texts);
                        }
                    }
                    break;
                case 15: // status: message (2), code (3)
                    foreach (var part in Fields(field.Bytes))
                    {
                        if (part.Number == 2)
                        {
                            texts.Add(part.Text);
                        }
                        else if (part.Number == 3)
                        {
                            status = (int)part.Varint;
                        }
                    }
                    break;
            }
        }
        return new OtlpSpan(traceId, spanId, parent, name, scope, attributes, status, texts);
    }

    private static (string Key, string Value) KeyValue(byte[] keyValue, List<string> texts)
    {
        string key = "", value = "";
        foreach (var field in Fields(keyValue))
        {
            if (field.Number == 1)
            {
                key = field.Text;
            }
            else if (field.Number == 2)
            {
                value = AnyValue(field.Bytes, texts);
            }
        }
        texts.Add(key);
        texts.Add(value);
        return (key, value);
    }

    private static string AnyValue(byte[] value, List<string> texts)
    {
        foreach (var field in Fields(value))
        {
            switch (field.Number)
            {
                case 1: return field.Text;
                case 2: return field.Varint != 0 ? "true" : "false";
                case 3: return ((long)field.Varint).ToString(System.Globalization.CultureInfo.InvariantCulture);
                case 4: return BitConverter.Int64BitsToDouble((long)field.Varint).ToString(System.Globalization.CultureInfo.InvariantCulture);
                case 5: return string.Join(",", Fields(field.Bytes).Where(f => f.Number == 1).Select(f => AnyValue(f.Bytes, texts)));
                case 6: return string.Join(",", Fields(field.Bytes).Where(f => f.Number == 1).Select(f => KeyValue(f.Bytes, texts)).Select(kv => $"{kv.Key}={kv.Value}"));
                case 7: return Convert.ToHexStringLower(field.Bytes);
            }
        }
        return "";
    }

    private readonly record struct Field(int Number, ulong Varint, byte[] Bytes)
    {
        public string Text => Encoding.UTF8.GetString(Bytes);
    }

    /// <summary>The fields of one protobuf message; a fixed64/fixed32 value is given in <see cref="Field.Varint"/>.</summary>
    private static List<Field> Fields(byte[] message)
    {
        var fields = new List<Field>();
        int at = 0;
        while (at < message.Length)
        {
            ulong tag = ReadVarint(message, ref at);
            int number = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    fields.Add(new Field(number, ReadVarint(message, ref at), []));
                    break;
                case 1:
                    fields.Add(new Field(number, BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(at, 8)), []));
                    at += 8;
                    break;
                case 2:
                    int length = checked((int)ReadVarint(message, ref at));
                    fields.Add(new Field(number, 0, message.AsSpan(at, length).ToArray()));
                    at += length;
                    break;
                case 5:
                    fields.Add(new Field(number, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(at, 4)), []));
                    at += 4;
                    break;
                default:
                    throw new FormatException($"protobuf wire type {tag & 7} at byte {at} is not one OTLP uses");
            }
        }
        return fields;
    }

    private static ulong ReadVarint(byte[] message, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = message[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }
}
