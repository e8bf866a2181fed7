using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace OrleansKombo.Gateway.OperatorConsole;

/// <summary>
/// ASP.NET Data Protection's key ring in PostgreSQL (table data_protection_keys, migration 0960), so every gateway of the
/// service protects and unprotects the console's cookies with the same keys, before and after a restart. ASP.NET calls
/// this synchronously, rarely (at the first protect, then about once a day and when it meets a key it does not know) and
/// caches what it reads, so the synchronous statements cost nothing per request. The key ring is the Orleans service's
/// (<c>Orleans:ServiceId</c>): another deployment sharing the database has its own.
/// </summary>
/// <remarks>
/// The keys are stored as ASP.NET writes them, without an XML encryptor: whoever can read this table can read every
/// customer's data and the outbox's links in the same database anyway, and a key-encryption key would need a secret (a
/// certificate) of its own on every gateway, shared and rotated, which the project does not have. The keys stay in
/// PostgreSQL and in ASP.NET's memory: nothing is written to a gateway's disk and nothing is logged.
/// </remarks>
public sealed class PostgresKeyRepository(NpgsqlDataSource db, string serviceId, ILogger<PostgresKeyRepository> logger) : IXmlRepository
{
    /// <summary>A key ring never holds many: one new key every 90 days, plus ASP.NET's revocations.</summary>
    private const int MaxElements = 10_000;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = db.CreateCommand("""
            SELECT xml FROM data_protection_keys WHERE service_id = @service ORDER BY created_at, friendly_name LIMIT @limit
            """);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("limit", MaxElements);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            // A damaged row costs its own key only, never the ring: the others still sign people in.
            try
            {
                elements.Add(XElement.Parse(reader.GetString(0)));
            }
            catch (XmlException e)
            {
                logger.LogError("A data protection key of service '{ServiceId}' is not XML and is left out: {Problem}", serviceId, e.Message);
            }
        }
        return elements;
    }

    /// <summary>Adds the element; a name already stored stays as it is (ASP.NET never writes the same key twice).</summary>
    public void StoreElement(XElement element, string friendlyName)
    {
        using var command = db.CreateCommand("""
            INSERT INTO data_protection_keys (service_id, friendly_name, xml) VALUES (@service, @name, @xml)
                ON CONFLICT (service_id, friendly_name) DO NOTHING
            """);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
