d=$PWD
cd ..
rm -rf "$d"
printf x >"$d"
