// A stand-in for the types of `react-native`, which is too large to install in this
// monorepo. It declares only what examples/rn-app and the docs use, shaped like the real
// declarations, so both type-check; a real app gets the real types from `react-native`.
// docs/types/react-native.d.ts references this file.
declare module 'react-native' {
  import type { AppStateLike } from '@nightshift/adapter-rn';
  import type { ComponentType, ReactElement, ReactNode } from 'react';

  /** React Native's `AppState`: the adapter needs `currentState` and `addEventListener('change')`. */
  export const AppState: AppStateLike;

  export type DimensionValue = number | 'auto' | `${number}%` | null;
  export type ColorValue = string;
  export type StyleProp<T> = T | readonly StyleProp<T>[] | false | null | undefined;

  export interface ViewStyle {
    flex?: number;
    flexDirection?: 'row' | 'column' | 'row-reverse' | 'column-reverse';
    justifyContent?: 'flex-start' | 'flex-end' | 'center' | 'space-between' | 'space-around' | 'space-evenly';
    alignItems?: 'flex-start' | 'flex-end' | 'center' | 'stretch' | 'baseline';
    gap?: number;
    width?: DimensionValue;
    height?: DimensionValue;
    padding?: DimensionValue;
    paddingHorizontal?: DimensionValue;
    paddingVertical?: DimensionValue;
    margin?: DimensionValue;
    marginTop?: DimensionValue;
    marginBottom?: DimensionValue;
    backgroundColor?: ColorValue;
    borderRadius?: number;
    overflow?: 'visible' | 'hidden' | 'scroll';
  }

  export interface TextStyle extends ViewStyle {
    color?: ColorValue;
    fontSize?: number;
    fontWeight?: 'normal' | 'bold' | '100' | '200' | '300' | '400' | '500' | '600' | '700' | '800' | '900';
    fontVariant?: Array<'tabular-nums'>;
  }

  export interface ViewProps {
    style?: StyleProp<ViewStyle>;
    testID?: string;
    accessibilityLabel?: string;
    children?: ReactNode;
  }
  export function View(props: ViewProps): ReactNode;

  export interface TextProps {
    style?: StyleProp<TextStyle>;
    numberOfLines?: number;
    testID?: string;
    children?: ReactNode;
  }
  export function Text(props: TextProps): ReactNode;

  export interface ButtonProps {
    title: string;
    onPress?: () => void;
    disabled?: boolean;
    color?: ColorValue;
    testID?: string;
  }
  export function Button(props: ButtonProps): ReactNode;

  export interface ListRenderItemInfo<ItemT> {
    item: ItemT;
    index: number;
  }
  export interface FlatListProps<ItemT> {
    data: ArrayLike<ItemT> | null | undefined;
    renderItem: (info: ListRenderItemInfo<ItemT>) => ReactElement | null;
    keyExtractor?: (item: ItemT, index: number) => string;
    ListEmptyComponent?: ReactElement | null;
    ListHeaderComponent?: ReactElement | null;
    style?: StyleProp<ViewStyle>;
    contentContainerStyle?: StyleProp<ViewStyle>;
  }
  export function FlatList<ItemT>(props: FlatListProps<ItemT>): ReactNode;

  export const StyleSheet: {
    create<const T extends Record<string, ViewStyle | TextStyle>>(styles: T): T;
  };

  export const AppRegistry: {
    registerComponent(appKey: string, getComponent: () => ComponentType<any>): string;
  };

  export const Platform: {
    readonly OS: 'ios' | 'android' | 'web' | 'windows' | 'macos';
  };
}
