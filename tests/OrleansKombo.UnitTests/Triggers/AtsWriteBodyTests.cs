using System.Text.Json;
using CsCheck;
using OrleansKombo.Grains.Kombo;
using OrleansKombo.Orders;
using OrleansKombo.UnitTests.Infrastructure;
using OrleansKombo.UnitTests.Orders;
using OrleansKombo.Grains.Assessment;

namespace OrleansKombo.UnitTests.Triggers;

/// <summary>
/// What a triggered order's write-back sends satisfies Kombo's request schemas (../shared/kombo/openapi.json), for every
/// result body Kombo's own schema allows (generated from it), not only the ones we chose.
/// </summary>
public sealed class AtsWriteBodyTests
{
    private static string Json(object body) => JsonSerializer.Serialize(body, KomboJson.Tolerant);

    private static void AssertValid(string path, string method, object body)
    {
        var json = Json(body);
        var errors = KomboResultSchema.Request(path, method).Validate(json).Select(e => $"{e.Path}: {e.Kind}").ToList();
        Assert.True(errors.Count == 0, $"{method} {path} breaks Kombo's schema: {string.Join("; ", errors)}\n{json}");
    }

    [SharedFileFact(SharedFiles.OpenApi)]
    public void The_result_link_of_every_result_Kombos_schema_allows_is_a_body_Kombo_takes()
    {
        var schema = KomboResultSchema.Request("/ats/applications/{application_id}/result-links", "post");
        ResultBodies.Valid.Sample(body =>
        {
            var result = JsonSerializer.Deserialize<OrderResult>(body.Json.ToJsonString(), KomboJson.Options)!;
            var link = Json(AtsResultWriter.LinkBody("Skills test result", result, "Acme:"));
            var errors = schema.Validate(link);
            using var document = JsonDocument.Parse(link);
            // Kombo requires details' two fields together: it is there exactly when the result has something to show.
            return errors.Count == 0 && document.RootElement.TryGetProperty("details", out _) == AtsResultWriter.Attributes(result).Count > 0;
        }, iter: 300);
    }

    [SharedFileFact(SharedFiles.OpenApi)]
    public void The_note_stage_move_and_tag_bodies_are_bodies_Kombo_takes()
    {
        AssertValid("/ats/applications/{application_id}/notes", "post", new AtsNoteBody("Skills test result (COMPLETED): https://r.example/1\nAcme: Score: 82/100"));
        AssertValid("/ats/applications/{application_id}/stage", "put", new AtsStageBody("stage-1"));
        AssertValid("/ats/candidates/{candidate_id}/tags", "post", new AtsTagBody(new AtsTagName("Assessed")));
        Assert.Equal("""{"content":"x","content_type":"PLAIN_TEXT"}""", Json(new AtsNoteBody("x")));
        Assert.Equal("""{"tag":{"name":"Assessed"}}""", Json(new AtsTagBody(new AtsTagName("Assessed"))));
    }
}
