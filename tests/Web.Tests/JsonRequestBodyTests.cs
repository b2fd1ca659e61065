using System.Text;
using System.Text.Json;
using CredentialHub.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CredentialHub.Web.Tests;

/// <summary>The shared JSON body reader: what it refuses before any endpoint parses the body, and the field it names.</summary>
public sealed class JsonRequestBodyTests
{
    private static async Task<(int Status, string? Field, string? Detail)> ReadAsync(string json, string contentType = "application/json", Stream? body = null)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider() };
        context.Request.ContentType = contentType;
        context.Request.Body = body ?? new MemoryStream(Encoding.UTF8.GetBytes(json));
        context.Response.Body = new MemoryStream();
        var (read, problem) = await JsonRequestBody.ReadAsync(context.Request, 10 * 1024, CancellationToken.None);
        if (problem is null)
        {
            Assert.NotNull(read);
            return (200, null, null);
        }
        await problem.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        using var document = JsonDocument.Parse(context.Response.Body);
        var root = document.RootElement;
        return (context.Response.StatusCode, root.GetProperty("field").GetString(), root.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("""{"a":1,"a":2}""", "a")]
    [InlineData("""{"a":1,"\u0061":2}""", "a")]
    [InlineData("""{"inputs":{"salt":"1","salt":"2"}}""", "inputs.salt")]
    [InlineData("""{"inputs":{"assets":["1",{"x":1,"x":1}]}}""", "inputs.assets[1].x")]
    [InlineData("""{"predicates":[{"op":">="},{"op":"<=","op":">="}]}""", "predicates[1].op")]
    [InlineData("""[{"k":1},{"k":1,"k":2}]""", "body[1].k")]
    [InlineData("""{"a":{"b":{"c":[[],[{"d":1,"d":1}]]}}}""", "a.b.c[1][0].d")]
    public async Task A_member_given_twice_is_refused_naming_its_path(string json, string field)
    {
        var (status, actual, detail) = await ReadAsync(json);
        Assert.Equal(400, status);
        Assert.Equal(field, actual);
        Assert.Contains("twice", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"a":1,"b":{"a":1},"c":[{"a":1},{"a":1}]}""")]
    [InlineData("""{"inputs":{"salt":"1","Salt":"2"}}""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("""{}""")]
    public async Task The_same_name_in_different_objects_or_cases_is_fine(string json)
    {
        Assert.Equal(200, (await ReadAsync(json)).Status);
    }

    [Theory]
    [InlineData("""{"inputs":{"sa\u0000lt":"1"}}""", "inputs.sa\\u0000lt")]
    [InlineData("""{"a\u001fb":1}""", "a\\u001fb")]
    [InlineData("""{"x\u0085":1}""", "x\\u0085")]
    public async Task A_member_name_with_a_control_character_is_refused(string json, string field)
    {
        var (status, actual, _) = await ReadAsync(json);
        Assert.Equal(400, status);
        Assert.Equal(field, actual);
    }

    [Fact]
    public async Task A_body_the_server_cannot_read_is_a_400_not_an_exception()
    {
        var (status, field, detail) = await ReadAsync("", body: new FailingStream(new IOException("Bad chunk size data.")));
        Assert.Equal(400, status);
        Assert.Equal("body", field);
        Assert.Contains("Bad chunk size data", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_server_cap_is_a_413()
    {
        var (status, field, _) = await ReadAsync("", body: new FailingStream(new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge)));
        Assert.Equal(413, status);
        Assert.Equal("body", field);
    }

    [Fact]
    public void Identifiers_with_control_characters_are_recognised()
    {
        Assert.True(RequestText.HasControlCharacter("solvency\0"));
        Assert.True(RequestText.HasControlCharacter("sol\u007fvency"));
        Assert.True(RequestText.HasControlCharacter("\u009f"));
        Assert.False(RequestText.HasControlCharacter("solvency-2 ü €"));
        Assert.Equal("a\\u0000b", RequestText.Printable("a\0b"));
        Assert.Null(RequestText.CheckIdentifier("solvency", "circuit_id"));
        Assert.NotNull(RequestText.CheckIdentifier("solvency\n", "circuit_id"));
    }

    private sealed class FailingStream(Exception failure) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw failure;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw failure;

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
