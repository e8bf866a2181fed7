namespace Kombo.Sandbox.Multiposter;

/// <summary>What a vendor job shares with its ATS job.</summary>
public enum VendorJobKind
{
    /// <summary>The ATS's id (a reworded title beside it).</summary>
    RemoteId,

    /// <summary>The job code, as a person types it (case, spaces).</summary>
    JobCode,

    /// <summary>The post URL as a job board passes it on: another scheme, host case, trailing slash, tracking parameters.</summary>
    PostUrl,

    /// <summary>Only a title, reworded the way vendors and multiposters reword them.</summary>
    Title,

    /// <summary>A job the ATS does not have: only a title, of a role no ATS job has.</summary>
    Unknown,
}
