package org.example.clinic

import io.flutter.embedding.android.FlutterActivity

class MainActivity : FlutterActivity()
