using System.Resources;

[assembly: NeutralResourcesLanguage("id")]
