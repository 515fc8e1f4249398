using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Payesh.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuthStampForTokenCache : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuthStamps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuthStamps", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "AuthStamps",
                columns: new[] { "Id", "Version" },
                values: new object[] { 1, 0L });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuthStamps");
        }
    }
}
