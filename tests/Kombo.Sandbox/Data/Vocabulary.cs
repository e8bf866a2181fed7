using Kombo.Sandbox.Records;

namespace Kombo.Sandbox.Data;

/// <summary>Word lists for the generator: international names with diacritics and non-Latin scripts, job titles, HTML snippets.</summary>
internal static class Vocabulary
{
    public static readonly (string First, string Ascii)[] FirstNames =
    [
        ("Zoë", "zoe"), ("José", "jose"), ("Łukasz", "lukasz"), ("Søren", "soren"), ("Ngọc Anh", "ngocanh"), ("Björn", "bjorn"),
        ("Amélie", "amelie"), ("Dmitrij", "dmitrij"), ("Дмитрий", "dmitry"), ("Αλέξανδρος", "alexandros"), ("محمد", "mohammed"),
        ("李", "li"), ("さくら", "sakura"), ("Chloé", "chloe"), ("Ümit", "umit"), ("Siobhán", "siobhan"), ("Jürgen", "juergen"),
        ("Anna", "anna"), ("John", "john"), ("Priya", "priya"), ("Oluwaseun", "oluwaseun"), ("François", "francois"),
        ("Ana-María", "anamaria"), ("Håkon", "hakon"), ("Zeynep", "zeynep"), ("Nguyễn", "nguyen"), ("Émile", "emile"),
        ("Maëlys", "maelys"), ("Jörg", "joerg"), ("Małgorzata", "malgorzata"), ("Kateřina", "katerina"), ("Ioana", "ioana"),
    ];

    public static readonly (string Last, string Ascii)[] LastNames =
    [
        ("Müller", "mueller"), ("O'Brien", "obrien"), ("Ødegaard", "odegaard"), ("García Márquez", "garciamarquez"),
        ("Wiśniewski", "wisniewski"), ("Schäfer", "schaefer"), ("Nguyễn", "nguyen"), ("Иванова", "ivanova"), ("Παπαδόπουλος", "papadopoulos"),
        ("王", "wang"), ("田中", "tanaka"), ("Doe", "doe"), ("van der Berg", "vanderberg"), ("Çelik", "celik"), ("Dvořák", "dvorak"),
        ("Smith", "smith"), ("Kowalczyk", "kowalczyk"), ("Fernández", "fernandez"), ("Lefèvre", "lefevre"), ("Jóhannsdóttir", "johannsdottir"),
        ("Al-Sayed", "alsayed"), ("Nakamura", "nakamura"), ("Popescu", "popescu"), ("Björklund", "bjorklund"), ("d'Alembert", "dalembert"),
    ];

    public static readonly string[] JobTitles =
    [
        "Backend Engineer", "Softwareentwickler (m/w/d)", "Ingénieur·e Logiciel", "データサイエンティスト", "Product Designer",
        "Senior Account Executive – DACH", "Werkstudent Marketing (w/m/d)", "Head of People & Culture", "DevOps Engineer (Kubernetes)",
        "Customer Success Manager", "Data Analyst", "Frontend Engineer (React/TypeScript)", "Recruiter", "Office Manager",
        "Desarrollador/a Full-Stack", "Финансовый аналитик", "Praktikum Vertrieb", "Lead Mobile Engineer", "Site Reliability Engineer",
        "Chief Bottle Opener", "Pflegefachkraft", "Lagerlogistiker:in", "UX Researcher", "Solutions Architect",
    ];

    /// <summary>The titles that take a seniority ("Senior ", "Sr. ", "Junior ", …) in <see cref="JobIdentities"/>.</summary>
    public static readonly HashSet<string> RoleTitles =
    [
        "Backend Engineer", "Softwareentwickler (m/w/d)", "Product Designer", "DevOps Engineer (Kubernetes)", "Customer Success Manager",
        "Data Analyst", "Frontend Engineer (React/TypeScript)", "Recruiter", "Site Reliability Engineer", "UX Researcher", "Solutions Architect",
    ];

    public static readonly string[] Departments = ["Engineering", "Sales", "Marketing", "People", "Finance", "Operations", "Produkt", "Customer Success"];

    public static readonly string[] Categories = ["Technical Job", "Sales", "Administrative", "Healthcare", "Logistics"];

    public static readonly string[] ExperienceLevels = ["Entry", "Mid-Senior", "Senior", "Director", "Internship"];

    public static readonly string[] StageNames =
    [
        "Application Review", "Phone Screen", "Online Assessment", "Technical Interview", "Onsite Interview",
        "Reference Check", "Offer", "Hired",
    ];

    public static readonly string[] TagNames =
    [
        "High Potential", "Rückruf", "Talent Pool – 2026", "⭐ Top", "Remote OK", "Relocation", "Silver Medalist", "Do not contact",
        "Referral", "Bilingual", "Visa needed", "Campus", "Diversity hire programme", "Boomerang", "Réserve",
    ];

    public static readonly string[] Companies = ["Acme GmbH", "Initech", "Umbrella S.A.", "Zürich Versicherung", "株式会社テスト", "Globex Corp.", "Stark & Söhne KG"];

    public static readonly string[] CandidateTitles = ["Software Engineer", "Account Manager", "Student", "Team Lead", "Consultant", "Krankenpfleger"];

    public static readonly string[] Sources = ["LinkedIn", "Employee Referral", "Career Page", "Indeed", "StepStone", "Agency: Hays"];

    public static readonly string[] RejectionReasons = ["Not qualified", "Position filled", "Withdrew application", "Salary expectations too high", "Kein Interesse"];

    public static readonly Location[] Locations =
    [
        new("Berlin", "DE", "Berlin, Germany", "Berlin", "Lohmühlenstraße 65", null, "12435"),
        new("München", "DE", "München, Bayern", "Bayern", "Leopoldstraße 1", "3. OG", "80802"),
        new("Paris", "FR", "Paris, Île-de-France", "Île-de-France", "12 Rue de Rivoli", null, "75004"),
        new("New York", "US", "New York, NY", "NY", "350 5th Ave", "Floor 21", "10118"),
        new("Zürich", "CH", "Zürich", "ZH", null, null, "8001"),
        new(null, null, "Remote (EU)", null, null, null, null),
        new("Kraków", "PL", "Kraków, Poland", null, "ul. Floriańska 3", null, "31-019"),
        new("Tokyo", "JP", "東京都", "Tokyo", null, null, null),
    ];

    public static readonly string[] Phones = ["+49 30 1234567", "+1-541-754-3010", "+44 20 7946 0958", "(0)151 2345 678", "+33 1 23 45 67 89", "0041 44 668 18 00"];

    /// <summary>Values Kombo could not map pass through as the ATS's own strings.</summary>
    public static readonly string[] RawEmploymentTypes = ["Vollzeit", "Full-time (permanent)", "Freelance / Contractor"];
    public static readonly string[] RawStatuses = ["On hold", "Pending approval"];
    public static readonly string[] RawVisibilities = ["Posted externally", "Employee referral only"];
    public static readonly string[] RawRemoteStatuses = ["2 days remote", "Flexible"];
    public static readonly string[] RawSalaryPeriods = ["per annum", "Stundenlohn"];

    public static readonly string[] DescriptionParagraphs =
    [
        "<p>We are looking for a <strong>motivated</strong> colleague to join our team &amp; shape the product.</p>",
        "<p>Wir suchen eine:n engagierte:n Kolleg:in für unser Team in <em>Berlin</em>.</p>",
        "<ul><li>5+ years of experience</li><li>Fluent in English; Deutsch ist ein Plus</li><li>Team player</li></ul>",
        "<p>Vous rejoindrez une équipe internationale — télétravail possible.</p>",
        "<h3>What we offer</h3><ul><li>30 days of vacation</li><li>Budget for learning</li></ul>",
        "<p>Salary: 60.000 € – 75.000 € per year, depending on experience.</p>",
    ];
}
