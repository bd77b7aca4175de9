using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sonae.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PageReads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "FinalReportOwed",
                table: "Incidents",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_FinalReportOwed",
                table: "Incidents",
                column: "OrganizationId",
                filter: "\"FinalReportOwed\"");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentEvents_IncidentId_Type_Seq",
                table: "IncidentEvents",
                columns: new[] { "IncidentId", "Type", "Seq" });

            // Incidents answered before: owed when the latest answer to rule 7 says a situation applies, or the latest
            // count of people is over 1,000 (the answer outgrown), and no final report was issued (ReportingState.FinalReportOwed).
            migrationBuilder.Sql("""
                UPDATE "Incidents" SET "FinalReportOwed" = 1
                WHERE EXISTS (SELECT 1 FROM "IncidentEvents" AS a WHERE a."IncidentId" = "Incidents"."Id" AND a."Type" = 'reporting-assessed')
                  AND (EXISTS (SELECT 1 FROM json_each((SELECT a."Body" FROM "IncidentEvents" AS a
                                                        WHERE a."IncidentId" = "Incidents"."Id" AND a."Type" = 'reporting-assessed'
                                                        ORDER BY a."Seq" DESC LIMIT 1), '$.data.answers') AS answer
                               WHERE json_extract(answer.value, '$.applies') = 1)
                       OR (SELECT json_extract(f."Body", '$.data.value') FROM "IncidentEvents" AS f
                           WHERE f."IncidentId" = "Incidents"."Id" AND f."Type" = 'figure-recorded' AND json_extract(f."Body", '$.data.figure') = 'people-affected'
                           ORDER BY f."Seq" DESC LIMIT 1) > 1000)
                  AND NOT EXISTS (SELECT 1 FROM "IncidentEvents" AS r
                                  WHERE r."IncidentId" = "Incidents"."Id" AND r."Type" = 'report-issued' AND json_extract(r."Body", '$.data.report') = 'privacy-final');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Incidents_FinalReportOwed",
                table: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_IncidentEvents_IncidentId_Type_Seq",
                table: "IncidentEvents");

            migrationBuilder.DropColumn(
                name: "FinalReportOwed",
                table: "Incidents");
        }
    }
}
