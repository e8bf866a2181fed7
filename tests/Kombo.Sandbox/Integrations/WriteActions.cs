namespace Kombo.Sandbox.Integrations;

/// <summary>
/// The sandbox's write actions: each write endpoint's kind, the id <c>GET /v1/integrations/{id}</c> lists it under in
/// <c>write_actions</c>, and its label. Kombo's document gives the field but not the ids (its example is
/// <c>hris_create_employee</c>); these follow that pattern. One list: the details and the endpoints' availability check read it.
/// </summary>
public static class WriteActions
{
    public static IReadOnlyList<(string Kind, string Id, string Label)> All { get; } =
    [
        ("result-link", "ats_add_application_result_link", "Add result link to application"),
        ("note", "ats_add_application_note", "Add note to application"),
        ("attachment", "ats_add_application_attachment", "Add attachment to application"),
        ("stage", "ats_move_application_to_stage", "Move application to stage"),
        ("tag", "ats_add_candidate_tag", "Add tag to candidate"),
    ];

    public static string IdOf(string kind) => All.First(a => a.Kind == kind).Id;

    public static bool Known(string id) => All.Any(a => a.Id == id);
}
