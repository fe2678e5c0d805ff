# writes the large input of this case into the current folder
{ printf '<staff>'; for i in $(seq 1 100000); do printf '<m>'; done; } >staff.xml
