using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Npgsql;
using OrleansKombo.Catalog;

namespace OrleansKombo.Gateway.Api;

/// <summary>
/// The synced candidates, applications, users, tags and application stages, exactly as stored: Kombo's shape
/// after our privacy allowlist. Jobs have their own endpoints because they carry a lifecycle.
/// </summary>
public static class RecordsApi
{
    /// <summary>
    /// Every catalog model but jobs (<see cref="JobsApi"/>) gets a list and a by-id route at its <see cref="AtsModel.ApiPath"/>;
    /// the users list is <see cref="UsersApi"/>'s, which filters it by email.
    /// </summary>
    public static RouteGroupBuilder MapRecordsApi(this RouteGroupBuilder api)
    {
        foreach (var model in AtsModel.All.Where(m => m != AtsModel.Jobs))
        {
            if (model == AtsModel.Users)
            {
                MapGetById(api, model);
                continue;
            }
            api.MapGet($"/integrations/{{integration_id}}/{model.ApiPath}",
                    ([FromRoute(Name = "integration_id")] string integrationId, HttpRequest request, NpgsqlDataSource db,
                        CancellationToken cancellationToken) => ListAsync(model, integrationId, request, db, cancellationToken))
                .WithSummary($"The integration's {model.Name}, ordered by id, each as Kombo shapes it after our privacy allowlist.")
                .WithPaging()
                .WithQuery("include_deleted", JsonSchemaType.Boolean, RecordList.IncludeDeletedDescription)
                .Produces<Page<JsonElement>>();
            MapGetById(api, model);
        }
        // Literal model routes win over this one, so it only answers paths that name no model.
        api.MapGet("/integrations/{integration_id}/{model}/{record_id?}", UnknownModel).ExcludeFromDescription();
        return api;
    }

    private static void MapGetById(RouteGroupBuilder api, AtsModel model) =>
        api.MapGet($"/integrations/{{integration_id}}/{model.ApiPath}/{{record_id}}",
                ([FromRoute(Name = "integration_id")] string integrationId, [FromRoute(Name = "record_id")] string recordId,
                    NpgsqlDataSource db, CancellationToken cancellationToken) => GetAsync(model, integrationId, recordId, db, cancellationToken))
            .WithSummary($"One of the integration's {model.Name} by id, also when it was deleted in the ATS.")
            .Produces<JsonElement>();

    private static async Task<IResult> ListAsync(AtsModel model, string integrationId, HttpRequest request, NpgsqlDataSource db,
        CancellationToken cancellationToken)
    {
        if (!RecordList.TryRead(request, model, out var list, out var problem))
        {
            return problem!;
        }
        await using var command = list.CreateCommand(db, integrationId, $"SELECT r.id, r.record FROM {model.Table} r");
        return await list.PageAsync(db, command, integrationId, r => (r.GetString(0), r.GetFieldValue<JsonElement>(1)), cancellationToken);
    }

    private static async Task<IResult> GetAsync(AtsModel model, string integrationId, string recordId, NpgsqlDataSource db,
        CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"SELECT record FROM {model.Table} WHERE integration_id = @integration AND id = @id");
        command.Parameters.AddWithValue("integration", integrationId);
        command.Parameters.AddWithValue("id", recordId);
        return await IntegrationData.RecordAsync(db, command, model, integrationId, recordId,
            r => r.GetFieldValue<JsonElement>(0), cancellationToken);
    }

    private static IResult UnknownModel(string model) =>
        ApiError.BadRequest($"model must be one of {string.Join(", ", AtsModel.All.Select(m => m.ApiPath))}, not '{model}'.");
}
