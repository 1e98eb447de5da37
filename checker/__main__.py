from checker.cli import app

app(prog_name="checker")
