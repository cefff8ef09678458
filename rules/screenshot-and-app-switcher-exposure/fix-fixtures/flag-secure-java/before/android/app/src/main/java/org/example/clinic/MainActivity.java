package org.example.clinic;

import io.flutter.embedding.android.FlutterActivity;

public class MainActivity extends FlutterActivity {
}
