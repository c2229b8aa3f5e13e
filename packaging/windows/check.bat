@echo off
rem 開示書をチェック.bat - 開示書を入れたフォルダーをこのファイルの上にドラッグ＆ドロップすると、
rem kaiji.exe がフォルダーの中の開示書をすべて確認し、フォルダーの隣に 確認結果.html を作って
rem ブラウザーで開きます。
setlocal
if "%~1"=="" (
  echo 開示書を入れたフォルダーを、このファイルの上にドラッグ＆ドロップしてください。
  pause
  exit /b 2
)
set "RESULT=%~dp1確認結果.html"
echo 確認しています: %~1
"%~dp0kaiji.exe" validate --format html "%~1" > "%RESULT%"
if errorlevel 2 (
  echo 確認できませんでした。上のメッセージを読んでください。
  pause
  exit /b 2
)
echo 確認結果: %RESULT%
start "" "%RESULT%"
exit /b 0
