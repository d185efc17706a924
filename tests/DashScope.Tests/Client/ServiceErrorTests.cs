using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DashScope.Client;
using Xunit;

namespace DashScope.Tests.Client;

public class ServiceErrorTests
{
    private static DashScopeException Parse(int status, string body, string? headerRequestId = null) =>
        ServiceError.Parse(status, Encoding.UTF8.GetBytes(body), headerRequestId);

    [Fact]
    public void Native_error_body()
    {
        var error = Parse(401, File.ReadAllText(TestPaths.Recording("auth-error-nosse.response.body.txt")));

        Assert.Equal(DashScopeErrorKind.Service, error.Kind);
        Assert.Equal(401, error.StatusCode);
        Assert.Equal("InvalidApiKey", error.Code);
        Assert.Equal("Invalid API-key provided.", error.ServiceMessage);
        Assert.Equal("a1c0561c-1dfe-98a6-a62f-983577b8bc5e", error.RequestId);
        Assert.Equal("DashScope returned 401 InvalidApiKey: Invalid API-key provided. (request id a1c0561c-1dfe-98a6-a62f-983577b8bc5e)", error.Message);
    }

    [Fact]
    public void Recorded_parameter_error_body()
    {
        var error = Parse(400, File.ReadAllText(TestPaths.Recording("parameter-error-nosse.response.body.txt")).TrimStart('\uFEFF'));

        Assert.Equal("InvalidParameter", error.Code);
        Assert.False(string.IsNullOrEmpty(error.ServiceMessage));
        Assert.False(string.IsNullOrEmpty(error.RequestId));
    }

    [Fact]
    public void Error_body_with_a_bom_keeps_its_code()
    {
        var error = ServiceError.Parse(400, TestPaths.ResponseBody("parameter-error-nosse"), null);

        Assert.Equal(0xEF, TestPaths.ResponseBody("parameter-error-nosse")[0]);
        Assert.Equal("InvalidParameter", error.Code);
        Assert.Equal("a5898c04-d210-901b-965f-e4bd90478805", error.RequestId);
    }

    [Fact]
    public void Compatible_mode_error_body()
    {
        var error = Parse(400, """{"error":{"message":"'purpose' must be 'file-extract'","type":"invalid_request_error","param":null,"code":"invalid_value"},"request_id":"r-1"}""");

        Assert.Equal("invalid_value", error.Code);
        Assert.Equal("'purpose' must be 'file-extract'", error.ServiceMessage);
        Assert.Equal("r-1", error.RequestId);
    }

    [Fact]
    public void Compatible_mode_error_without_code_uses_the_type()
    {
        var error = Parse(429, """{"error":{"message":"quota","type":"insufficient_quota"}}""", "hdr-1");

        Assert.Equal("insufficient_quota", error.Code);
        Assert.Equal("hdr-1", error.RequestId);
    }

    [Fact]
    public void Body_request_id_wins_over_the_header()
    {
        Assert.Equal("body-id", Parse(500, """{"code":"InternalError","message":"m","request_id":"body-id"}""", "header-id").RequestId);
        Assert.Equal("header-id", Parse(500, """{"code":"InternalError","message":"m"}""", "header-id").RequestId);
    }

    [Fact]
    public void Msg_is_an_alias_of_message()
    {
        Assert.Equal("slow down", Parse(429, """{"code":"Throttling","msg":"slow down"}""").ServiceMessage);
    }

    [Theory]
    [InlineData(400, "BadRequest")]
    [InlineData(401, "Unauthorized")]
    [InlineData(403, "AccessDenied")]
    [InlineData(404, "NotFound")]
    [InlineData(408, "RequestTimeOut")]
    [InlineData(413, "BadRequest.TooLarge")]
    [InlineData(429, "Throttling")]
    [InlineData(500, "InternalError")]
    [InlineData(502, "InternalError")]
    [InlineData(503, "ServiceUnavailable")]
    [InlineData(418, "HttpError418")]
    public void Body_that_is_not_json_gets_a_code_from_the_status_and_keeps_the_text(int status, string code)
    {
        var error = Parse(status, "<html><body>Bad Gateway</body></html>", "hdr");

        Assert.Equal(code, error.Code);
        Assert.Equal("<html><body>Bad Gateway</body></html>", error.ServiceMessage);
        Assert.Equal("hdr", error.RequestId);
        Assert.Equal(status, error.StatusCode);
    }

    [Fact]
    public void Empty_body_has_no_message()
    {
        var error = Parse(503, "");
        Assert.Equal("ServiceUnavailable", error.Code);
        Assert.Null(error.ServiceMessage);
    }

    [Fact]
    public void Long_text_body_is_shortened()
    {
        var error = Parse(502, new string('x', 10_000));
        Assert.True(error.ServiceMessage!.Length <= 510, error.ServiceMessage.Length + " characters");
    }

    [Fact]
    public void Invalid_utf8_in_an_error_body_is_still_a_service_error()
    {
        var body = (byte[])[.. Encoding.UTF8.GetBytes("{\"code\":\"InternalError\",\"message\":\"bad "), 0xE6, 0x9D, .. Encoding.UTF8.GetBytes("\"}")];

        DashScopeException? parsed = null;
        var thrown = Record.Exception(() => parsed = ServiceError.Parse(500, body, "hdr"));

        Assert.Null(thrown);
        var service = Assert.IsType<DashScopeException>(parsed);
        Assert.Equal(DashScopeErrorKind.Service, service.Kind);
        Assert.Equal(500, service.StatusCode);
    }

    [Fact]
    public void Retry_after_header_as_seconds_or_as_a_date()
    {
        using var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        seconds.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(3), DashScopeClient.RetryAfterOf(seconds));

        using var date = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        date.Headers.RetryAfter = new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddSeconds(30));
        Assert.InRange(DashScopeClient.RetryAfterOf(date)!.Value, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(31));

        using var past = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        past.Headers.RetryAfter = new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(TimeSpan.Zero, DashScopeClient.RetryAfterOf(past));

        using var none = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        Assert.Null(DashScopeClient.RetryAfterOf(none));
    }
}
