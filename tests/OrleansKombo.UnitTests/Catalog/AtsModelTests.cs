using System.Reflection;
using System.Text.RegularExpressions;
using OrleansKombo.Catalog;
using OrleansKombo.Grains.Sync;

namespace OrleansKombo.UnitTests.Catalog;

/// <summary>The model catalog is one consistent list, and every entry has what the rest of the system derives from it.</summary>
public sealed partial class AtsModelTests
{
    /// <summary>The columns the record store writes and the API reads, which every record table must have.</summary>
    private static readonly string[] RecordColumns =
        ["integration_id", "id", "changed_at", "remote_deleted_at", "record", "content_hash", "synced_at", "remote_id"];

    public static TheoryData<string> Names => [.. AtsModel.All.Select(m => m.Name)];

    private static AtsModel Model(string name) => AtsModel.Find(name)!;

    [Fact]
    public void Every_model_declared_in_the_catalog_is_listed_once()
    {
        var declared = typeof(AtsModel).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(AtsModel))
            .Select(f => (AtsModel)f.GetValue(null)!)
            .ToList();

        Assert.Equal(declared.OrderBy(m => m.Name), AtsModel.All.OrderBy(m => m.Name));
        Assert.Equal(AtsModel.All.OrderBy(m => m.Name), AtsModel.PullOrder.OrderBy(m => m.Name));
    }

    [Fact]
    public void Names_paths_tables_and_ranks_are_unique()
    {
        foreach (var key in new Func<AtsModel, object>[] { m => m.Name, m => m.KomboPath, m => m.DataChangedName, m => m.ApiPath, m => m.Table, m => m.PullRank })
        {
            Assert.Equal(AtsModel.All.Count, AtsModel.All.Select(key).Distinct().Count());
        }
        Assert.Equal(Enumerable.Range(1, AtsModel.All.Count), AtsModel.PullOrder.Select(m => m.PullRank));
    }

    [Fact]
    public void A_pull_reads_what_records_reference_before_them()
    {
        // A pull's checkpoint counts models in this order: it may only ever grow at the end.
        Assert.Equal(["users", "tags", "application_stages", "jobs", "candidates", "applications"], AtsModel.PullOrder.Take(6).Select(m => m.Name));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Table_and_path_names_are_plain_identifiers_safe_to_write_into_sql_and_routes(string name)
    {
        var model = Model(name);

        Assert.Matches(PlainName(), model.Name);
        Assert.Matches(PlainName(), model.Table);
        Assert.Matches(PathSegment(), model.ApiPath);
        Assert.Matches(PathSegment(), model.KomboPath);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_model_has_a_table_with_the_record_columns_created_by_a_migration(string name)
    {
        var table = Model(name).Table;
        var scripts = Directory.GetFiles(CatalogFiles.MigrationsFolder, "*.sql").Select(File.ReadAllText);

        var definition = scripts.Select(sql => Regex.Match(sql, $@"CREATE TABLE {table} \((?<columns>.*?)\n\);", RegexOptions.Singleline))
            .FirstOrDefault(m => m.Success);

        Assert.True(definition is not null, $"No migration in {CatalogFiles.MigrationsFolder} creates {table}.");
        var columns = definition.Groups["columns"].Value;
        Assert.All(RecordColumns, column => Assert.Matches($@"(?m)^\s*{column}\s", columns));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_default_allowlist_keeps_the_id_and_drops_personal_and_pay_data(string name)
    {
        var fields = Model(name).DefaultFields;

        Assert.Contains("id", fields);
        Assert.Equal(fields.Count, fields.Distinct().Count());
        string[] dropped = ["phone", "salary", "remote_data", "custom_fields", "integration_fields", "screening", "interview", "offer", "social"];
        Assert.All(fields, f => Assert.DoesNotContain(dropped, d => f.Contains(d, StringComparison.Ordinal)));
    }

    [Fact]
    public void The_allowlists_default_to_the_catalog_and_a_configured_one_replaces_it_keeping_the_id()
    {
        var allowlists = new SyncAllowlists(new SyncOptions { Fields = new(StringComparer.Ordinal) { ["tags"] = ["name"] } });
        var tag = System.Text.Json.JsonSerializer.SerializeToElement(new { id = "t1", name = "Senior", remote_id = "9", phone = "+49 1" });
        var job = System.Text.Json.JsonSerializer.SerializeToElement(new { id = "j1", name = "Analyst", salary_amount = 100 });

        Assert.Equal("""{"id":"t1","name":"Senior"}""", System.Text.Encoding.UTF8.GetString(allowlists.For(AtsModel.Tags).Apply(tag).Json));
        Assert.Equal("""{"id":"j1","name":"Analyst"}""", System.Text.Encoding.UTF8.GetString(allowlists.For(AtsModel.Jobs).Apply(job).Json));
    }

    [Fact]
    public void Sync_settings_take_exactly_the_catalog_names()
    {
        foreach (var model in AtsModel.All)
        {
            Assert.Null(new SyncOptions { Fields = new() { [model.Name] = ["id"] }, Filters = new() { [model.Name] = new() } }.Problem());
        }
        // An API path or a Kombo path is not a model name.
        var problem = new SyncOptions { Filters = new() { ["application-stages"] = new() } }.Problem();
        Assert.NotNull(problem);
        Assert.Contains("'application-stages' is not a model we sync", problem);
        Assert.Contains(string.Join(", ", AtsModel.PullOrder.Select(m => m.Name)), problem);
    }

    [GeneratedRegex("^[a-z][a-z_]*$")]
    private static partial Regex PlainName();

    [GeneratedRegex("^[a-z][a-z-]*$")]
    private static partial Regex PathSegment();
}
