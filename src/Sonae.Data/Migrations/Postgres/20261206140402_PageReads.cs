using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sonae.Data.Migrations.Postgres
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
                type: "boolean",
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
                UPDATE "Incidents" AS i SET "FinalReportOwed" = TRUE
                WHERE EXISTS (SELECT 1 FROM "IncidentEvents" AS a WHERE a."IncidentId" = i."Id" AND a."Type" = 'reporting-assessed')
                  AND (COALESCE((SELECT jsonb_path_exists(a."Body"::jsonb, '$.data.answers[*] ? (@.applies == true)') FROM "IncidentEvents" AS a
                                 WHERE a."IncidentId" = i."Id" AND a."Type" = 'reporting-assessed' ORDER BY a."Seq" DESC LIMIT 1), FALSE)
                       OR COALESCE((SELECT (f."Body"::jsonb #>> '{data,value}')::bigint FROM "IncidentEvents" AS f
                                    WHERE f."IncidentId" = i."Id" AND f."Type" = 'figure-recorded' AND f."Body"::jsonb #>> '{data,figure}' = 'people-affected'
                                    ORDER BY f."Seq" DESC LIMIT 1) > 1000, FALSE))
                  AND NOT EXISTS (SELECT 1 FROM "IncidentEvents" AS r
                                  WHERE r."IncidentId" = i."Id" AND r."Type" = 'report-issued' AND r."Body"::jsonb #>> '{data,report}' = 'privacy-final');
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
