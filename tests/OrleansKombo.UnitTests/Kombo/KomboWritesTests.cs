using System.Net;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.UnitTests.Infrastructure;

namespace OrleansKombo.UnitTests.Kombo;

/// <summary>What a failed write does, decided by Kombo's error code through the one table (KomboErrors), never by the HTTP status.</summary>
public sealed class KomboWritesTests
{
    [Theory]
    [InlineData(400, "PLATFORM.INPUT_INVALID", WriteFailure.Refused)]
    [InlineData(400, "REMOTE.INPUT_INVALID", WriteFailure.Refused)]
    [InlineData(400, "ATS.JOB_CLOSED", WriteFailure.Refused)]
    [InlineData(403, "INTEGRATION.ACTION_DISABLED", WriteFailure.Refused)]
    [InlineData(403, "INTEGRATION.PERMISSION_MISSING", WriteFailure.Refused)]
    [InlineData(429, "PLATFORM.RATE_LIMIT_EXCEEDED", WriteFailure.Retry)]
    [InlineData(429, "PLATFORM.CONCURRENCY_LIMIT_EXCEEDED", WriteFailure.Retry)]
    [InlineData(503, "REMOTE.SERVICE_UNAVAILABLE", WriteFailure.Retry)]
    [InlineData(500, "PLATFORM.UNKNOWN_ERROR", WriteFailure.Retry)]
    [InlineData(409, "INTEGRATION.SETUP_SYNC_PENDING", WriteFailure.Wait)]
    [InlineData(503, "INTEGRATION.SETUP_SYNC_PENDING", WriteFailure.Wait)]
    [InlineData(503, null, WriteFailure.Wait)]
    [InlineData(403, "INTEGRATION.INACTIVE", WriteFailure.Wait)]
    [InlineData(404, "PLATFORM.INTEGRATION_NOT_FOUND", WriteFailure.Wait)]
    [InlineData(401, "INTEGRATION.AUTHENTICATION_INVALID", WriteFailure.Wait)]
    [InlineData(401, "PLATFORM.AUTHENTICATION_INVALID", WriteFailure.Wait)]
    // The code decides, whatever the status: a 500 saying the input is invalid is refused, a 400 saying Kombo is busy is retried.
    [InlineData(500, "PLATFORM.INPUT_INVALID", WriteFailure.Refused)]
    [InlineData(400, "PLATFORM.RATE_LIMIT_EXCEEDED", WriteFailure.Retry)]
    // An unknown code falls back to the status.
    [InlineData(422, "SOMETHING.NEW", WriteFailure.Refused)]
    [InlineData(502, "SOMETHING.NEW", WriteFailure.Retry)]
    public void A_failed_write_is_retried_held_or_refused_by_kombos_error_code(int status, string? code, WriteFailure expected) =>
        Assert.Equal(expected, KomboWrites.Classify(new KomboApiException((HttpStatusCode)status, code, "message", null, null)));

    [Fact]
    public void No_answer_at_all_is_retried() =>
        Assert.Equal(WriteFailure.Retry, KomboWrites.Classify(new HttpRequestException("connection refused")));

    [Fact]
    public void Only_the_first_sync_is_waited_for_minutes_the_rest_until_the_integration_is_active_again()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), KomboWrites.HoldFor(KomboErrorKind.NotReady));
        Assert.Equal(TimeSpan.FromHours(1), KomboWrites.HoldFor(KomboErrorKind.IntegrationInactive));
    }

    [Fact]
    public void The_readme_shows_what_a_write_does_for_every_kind_of_error()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        foreach (var kind in Enum.GetValues<KomboErrorKind>())
        {
            Assert.Contains($"| `{kind}` | {KomboWrites.Classify(kind).ToString().ToUpperInvariant()} |", readme);
        }
    }
}
